/**
 * Keeps a group page current: refetches on mount, on each live change (with
 * `Kopek-Min-Position`), and when a sync in any tab applied writes to the group.
 * When the live stream says the caller may no longer see the group (removed),
 * the group is read again: its 404 drops it and its data from the cache, so
 * the page shows "not found" rather than what it can no longer know.
 *
 * @module
 */
import { untrack } from "svelte";
import { followGroup, type LiveState } from "../data/live.ts";
import { refreshGroup } from "../data/reads.ts";
import { SYNC_CHANNEL, type SyncedMessage } from "../outbox/sync.ts";

/**
 * Calls `refetch(minPosition?)` when the group changes; one refetch runs at a
 * time and changes that arrive meanwhile are folded into the next.
 */
export function useGroupUpdates(
  groupId: () => string,
  refetch: (minPosition?: number) => Promise<void>,
): { readonly live: LiveState } {
  let live = $state<LiveState>("connecting");
  $effect(() => {
    const g = groupId();
    let running = false;
    let queued: number | null = null;
    const run = async (position?: number) => {
      if (running) {
        queued = Math.max(queued ?? 0, position ?? 0);
        return;
      }
      running = true;
      try {
        await refetch(position);
      } catch {
        // Offline or refused: the page shows its cache and its own errors.
      } finally {
        running = false;
        if (queued !== null) {
          const p = queued;
          queued = null;
          void run(p || undefined);
        }
      }
    };
    untrack(() => void run());
    const stop = followGroup(
      g,
      (p) => void run(p),
      (s) => (live = s),
      () => void refreshGroup(g).catch(() => {}),
    );
    const channel = new BroadcastChannel(SYNC_CHANNEL);
    channel.onmessage = (e: MessageEvent<SyncedMessage>) => {
      if (e.data?.type === "synced" && e.data.groups.includes(g)) void run(e.data.position);
    };
    return () => {
      stop();
      channel.close();
    };
  });
  return {
    get live() {
      return live;
    },
  };
}
