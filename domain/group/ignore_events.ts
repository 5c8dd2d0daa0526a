/**
 * The end of an exhaustive switch over group events: the event types the
 * switch leaves alone, named in one list. It compiles only when the list
 * names every type the switch has not handled before it (the event's
 * remaining type must be one of them: `NoInfer` keeps the list the only
 * source of `T`), so a new event type fails to compile until each switch says
 * what it does with it; and it throws if an event of an unlisted type arrives
 * anyway (a cast, or data the type did not foresee).
 *
 * @module
 */
import type { GroupEventOf, GroupEventType } from "./events.ts";

/** Checks that `event` is of one of `types`, the ones its switch ignores; `where` names the switch. */
export function ignoreEvents<T extends GroupEventType>(
  event: GroupEventOf<NoInfer<T>>,
  types: readonly T[],
  where: string,
): void {
  if (!(types as readonly string[]).includes(event.type)) {
    throw new Error(`${where} has no case for ${event.type}`);
  }
}
