/**
 * One long group history for the benchmarks (verify, export, as-of, the
 * table of `deno task bench`): a varied simulated start (members, expenses in
 * every split mode, amends, voids, settlements), then copies of its expenses
 * under new ids, appended 2,000 at a time through the event store, so the hash
 * chain is the real one (generating every event through the simulator would
 * take longer than the benchmarks).
 *
 * @module
 */
import type { GroupEvent, GroupEventOf } from "@kopek/domain";
import type { EventStore } from "@kopek/eventstore";
import { createSimGroup, nextEvents, record, rng, toNewEvents } from "./builder.ts";

const PER_APPEND = 2_000;
/** How many events of the start are simulated (at most). */
const VARIED = 500;

/**
 * Writes one group of `n` events, event i decided at `start` + i seconds; answers the group's id.
 * The same `seed` gives the same simulated start.
 */
export async function writeLongGroup(
  store: EventStore,
  n: number,
  seed: number,
  start: number = Date.parse("2026-01-01T00:00:00Z"),
): Promise<string> {
  const random = rng(seed);
  const { group, events } = createSimGroup({ members: 6 });
  let at = 0;
  const stamp = (list: readonly GroupEvent[]) =>
    toNewEvents(list, group.ownerUserId, "").map((e) => ({
      ...e,
      metadata: { ...e.metadata, at: new Date(start + 1000 * at++).toISOString() },
    }));
  const varied: GroupEvent[] = [...events];
  while (varied.length < Math.min(n, VARIED)) {
    const next = nextEvents(group, random);
    record(group, next);
    varied.push(...next);
  }
  await store.append({ stream: group.stream, expectedVersion: 0, events: stamp(varied) });
  const pool = varied.filter((e) => e.type === "ExpenseRecorded");
  let version = varied.length;
  while (version < n) {
    const batch = Array.from({ length: Math.min(PER_APPEND, n - version) }, (_, i): GroupEvent => {
      const e = pool[(version + i) % pool.length] as GroupEventOf<"ExpenseRecorded">;
      return { type: "ExpenseRecorded", data: { ...e.data, expenseId: crypto.randomUUID() } };
    });
    await store.append({ stream: group.stream, expectedVersion: version, events: stamp(batch) });
    version += batch.length;
  }
  return group.stream.slice("group-".length);
}
