/**
 * Snapshots never change an answer (ADR 0065): over generated histories,
 * random instants and random snapshot placements (reads as of random
 * instants before, with a random snapshot interval), the balances as of an
 * instant (from the whole state and from a snapshot's head with only the
 * entries later events touch) and the command side's cold load equal the
 * fold from zero. The last tests show the property can fail: a snapshot
 * store that hands out a corrupted state, head or entry (with a valid hash)
 * is caught.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { createMemoryEventStore, createMemorySnapshotStore } from "@kopek/eventstore";
import { appendCase, arbCase, type Case, checkCase, corrupting } from "./_snapshot_testing.ts";
import type { SnapshotStore } from "@kopek/eventstore";

async function check(c: Case, snapshots: SnapshotStore) {
  const store = createMemoryEventStore();
  await appendCase(store, c);
  await checkCase(store, c, snapshots);
}

Deno.test("snapshots never change an answer: as-of balances and cold loads equal the fold from zero", async () => {
  await fc.assert(
    fc.asyncProperty(arbCase, async (c) => {
      const snapshots = createMemorySnapshotStore();
      await check(c, snapshots);
      // Snapshots were placed (unless the history is shorter than the interval).
      if (c.events.length >= c.every) assert.ok(snapshots.rows.length > 0);
    }),
    { numRuns: 150 },
  );
});

for (const what of ["state", "head", "entry"] as const) {
  Deno.test(`the property catches a corrupted snapshot ${what} (it can fail)`, async () => {
    await assert.rejects(
      fc.assert(
        fc.asyncProperty(arbCase, (c) => check(c, corrupting(createMemorySnapshotStore(), what))),
        { numRuns: 150 },
      ),
      /Property failed/,
    );
  });
}
