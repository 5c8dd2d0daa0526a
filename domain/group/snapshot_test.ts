import assert from "node:assert/strict";
import fc from "fast-check";
import { arbHistory, historyId, richHistory, writeHistory } from "../testing/mod.ts";
import {
  decodeGroupState,
  encodeGroupState,
  GROUP_FOLD_VERSION,
  groupFold,
  type GroupFoldEvent,
} from "./snapshot.ts";
import type { GroupState } from "./state.ts";

function foldAll(events: readonly GroupFoldEvent[], from: GroupState = groupFold.initial()) {
  let state = from;
  for (const e of events) state = groupFold.evolve(state, structuredClone(e));
  return state;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The encoded fold of `richHistory()` under each fold version. Append-only: when this test
 * fails, `evolveGroup` (or the state's shape, or the snapshot encoding) changed its output, and
 * every snapshot written before is wrong for the new code. Bump `GROUP_FOLD_VERSION` and add
 * a line for the new version with the digest the failure prints; never edit an older line.
 */
const PINNED: Readonly<Record<number, string>> = {
  1: "2094c058825451a8c8d632d0eaead9da13ea73a898d24487be624c434efb1e31",
};

Deno.test("the group fold's output for a fixed history is pinned to GROUP_FOLD_VERSION", async () => {
  const digest = await sha256(encodeGroupState(foldAll(richHistory().events)));
  const versions = Object.keys(PINNED).map(Number);
  assert.equal(
    Math.max(...versions),
    GROUP_FOLD_VERSION,
    "PINNED must end with the current GROUP_FOLD_VERSION",
  );
  assert.equal(new Set(Object.values(PINNED)).size, versions.length, "each version's own digest");
  assert.equal(
    digest,
    PINNED[GROUP_FOLD_VERSION],
    `evolveGroup's output (or the snapshot encoding) changed: bump GROUP_FOLD_VERSION to ${
      GROUP_FOLD_VERSION + 1
    } and pin ${digest} for it in snapshot_test.ts (old snapshots are then ignored and rebuilt)`,
  );
});

Deno.test("a decoded snapshot equals the state it was encoded from", () => {
  const state = foldAll(richHistory().events);
  assert.ok(state.entries.size > 0 && state.members.size > 3);
  const decoded = decodeGroupState(encodeGroupState(state));
  assert.deepEqual(decoded, state);
  // A fresh object: evolving it leaves the original as it was.
  decoded.members.clear();
  assert.ok(state.members.size > 3);
});

Deno.test("amounts beyond 2^53 survive a snapshot", () => {
  const state = foldAll(richHistory().events);
  const [memberId] = state.totals.keys();
  state.totals.get(memberId)!.paid = 123456789012345678901234567890n;
  const [entry] = state.entries.values();
  const paid = entry.effect.paid as Map<string, bigint>;
  paid.set(memberId, -98765432109876543210n);
  assert.deepEqual(decodeGroupState(encodeGroupState(state)), state);
});

Deno.test("folding on from a snapshot at any version equals folding from zero", () => {
  let next = 1;
  fc.assert(
    fc.property(arbHistory(30), fc.nat(), (generated, cut) => {
      const events = writeHistory(historyId(0xabc), generated, () => next++).events;
      const at = cut % (events.length + 1);
      const snapshot = encodeGroupState(foldAll(events.slice(0, at)));
      const resumed = foldAll(events.slice(at), decodeGroupState(snapshot));
      assert.deepEqual(resumed, foldAll(events));
    }),
    { numRuns: 100 },
  );
});
