/**
 * Keeps a group page current (ADR 0040): every signal that the group may
 * have moved feeds one convergence loop (`data/converge.ts`), which re-reads
 * what the page shows with `Kopek-Min-Position`, one read at a time, and
 * retries a read that failed until it succeeds:
 *
 * - on mount;
 * - on each live change, and when a sync in any tab applied writes to the group;
 * - when the live stream is back after a drop (what happened meanwhile is read again);
 * - when the browser is back online or the page visible again (a failed read is tried at once).
 *
 * When the live stream says the caller may no longer see the group (removed),
 * the group is read again: its 404 drops it and its data from the cache, so
 * the page shows "not found" rather than what it can no longer know.
 *
 * Each round also reads the group itself (`GET /v1/groups/{g}`: its name,
 * members and the caller's role) beside the page's own reads: every group
 * screen shows names and decides what the caller may do from it, and a screen
 * opened directly (a link, a reload on a fresh device) has nothing cached
 * before. The page's `refetch` gets that read as a promise and must not read
 * the group again.
 *
 * `refetch` must reject when it could not read (offline, 5xx), so that the
 * loop knows the page is behind.
 *
 * @module
 */
import { untrack } from "svelte";
import { createConvergence } from "../data/converge.ts";
import { followGroup, type LiveState } from "../data/live.ts";
import { refreshGroup } from "../data/reads.ts";
import { SYNC_CHANNEL, type SyncedMessage } from "../outbox/sync.ts";
import type { GroupDetail } from "../types.ts";

/**
 * Reads the group and calls `refetch(minPosition, group)` whenever the group
 * may have moved; one round runs at a time and signals that arrive meanwhile
 * are folded into the next. `refresh()` asks for one now (new filters).
 */
export function useGroupUpdates(
  groupId: () => string,
  refetch: (minPosition: number, group: Promise<GroupDetail>) => Promise<void> = async () => {},
): { readonly live: LiveState; readonly settled: boolean; refresh(): void } {
  let live = $state<LiveState>("connecting");
  let settled = $state(false);
  let current: ReturnType<typeof createConvergence> | null = null;
  $effect(() => {
    const g = groupId();
    untrack(() => (settled = false));
    const loop = untrack(() =>
      createConvergence(async (p) => {
        try {
          await readAll(g, p, refetch);
        } finally {
          if (current === loop) settled = true;
        }
      })
    );
    current = loop;
    let dropped = false;
    const stop = followGroup(
      g,
      (p) => loop.moved(p),
      (s) => {
        live = s;
        if (s === "retrying") dropped = true;
        else if (s === "live" && dropped) {
          dropped = false;
          loop.resync();
        }
      },
      () => void refreshGroup(g).catch(() => {}),
    );
    const channel = new BroadcastChannel(SYNC_CHANNEL);
    channel.onmessage = (e: MessageEvent<SyncedMessage>) => {
      if (e.data?.type === "synced" && e.data.groups.includes(g)) loop.moved(e.data.position);
    };
    const retry = () => loop.retry();
    const onVisible = () => document.visibilityState === "visible" && loop.retry();
    addEventListener("online", retry);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      loop.stop();
      stop();
      channel.close();
      removeEventListener("online", retry);
      document.removeEventListener("visibilitychange", onVisible);
      if (current === loop) current = null;
    };
  });
  return {
    get live() {
      return live;
    },
    /**
     * The first round of reads has ended (answered or failed): until then a group missing from
     * the cache is not known to be missing (a link opened on a fresh device), so pages say
     * "Loading…" rather than "not found".
     */
    get settled() {
      return settled;
    },
    refresh() {
      current?.moved();
    },
  };
}

/** One round: the group and the page's reads, side by side; rejects with the first failure. */
async function readAll(
  groupId: string,
  minPosition: number,
  refetch: (minPosition: number, group: Promise<GroupDetail>) => Promise<void>,
): Promise<void> {
  const group = refreshGroup(groupId, minPosition);
  const results = await Promise.allSettled([group, refetch(minPosition, group)]);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}
