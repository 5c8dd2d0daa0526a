/**
 * Dexie live queries as Svelte 5 state: the component re-renders when the
 * IndexedDB data changes, in this tab or another.
 *
 * @module
 */
import { liveQuery } from "dexie";

/**
 * Follows a Dexie query. `setup` runs inside an effect, so the reactive
 * values it reads (a route parameter, a filter) restart the query when they
 * change; it returns the query function.
 *
 * @example
 * ```ts
 * const groups = useLive(() => () => db.groups.orderBy("name").toArray(), []);
 * groups.current; // GroupRow[]
 * ```
 */
export function useLive<T>(setup: () => () => Promise<T> | T, initial: T): { readonly current: T; readonly loaded: boolean } {
  let value = $state.raw(initial);
  let loaded = $state(false);
  $effect(() => {
    const query = setup();
    const sub = liveQuery(query).subscribe({
      next: (v) => {
        value = v;
        loaded = true;
      },
      error: (e) => console.error("live query", e),
    });
    return () => sub.unsubscribe();
  });
  return {
    get current() {
      return value;
    },
    get loaded() {
      return loaded;
    },
  };
}
