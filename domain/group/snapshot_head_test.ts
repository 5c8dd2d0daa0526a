import assert from "node:assert/strict";
import fc from "fast-check";
import { arbHistory, historyId, richHistory, writeHistory } from "../testing/mod.ts";
import { groupBalances, groupPairDebts } from "./balances.ts";
import { groupFold, type GroupFoldEvent, groupHeadFold } from "./snapshot.ts";
import { decodeGroupHead, groupHeadBalances, splitGroupState } from "./snapshot_head.ts";
import type { GroupState } from "./state.ts";

function foldAll(events: readonly GroupFoldEvent[], from: GroupState = groupFold.initial()) {
  let state = from;
  for (const e of events) state = groupFold.evolve(state, structuredClone(e));
  return state;
}

Deno.test("a head with all its entries decodes to the state's balances, amounts beyond 2^64 too", () => {
  const state = foldAll(richHistory().events);
  const [memberId] = state.totals.keys();
  state.totals.get(memberId)!.paid = 123456789012345678901234567890n;
  const [entry] = state.entries.values();
  (entry.effect.paid as Map<string, bigint>).set(memberId, -98765432109876543210n);
  const { head, parts } = splitGroupState(state);
  assert.equal(parts.length, state.entries.size);
  const decoded = decodeGroupHead(head, new Map(parts));
  assert.deepEqual(decoded.state.entries, state.entries);
  assert.deepEqual(decoded.state.members, state.members);
  assert.deepEqual(decoded.state.totals, state.totals);
  assert.deepEqual(decoded.pairDebts, groupPairDebts(state));
  // The head alone holds no entry, and is small: members, totals and pair debts.
  assert.equal(decodeGroupHead(head, new Map()).state.entries.size, 0);
});

Deno.test("folding on from a head, with only the entries the events touch, gives the balances from zero", () => {
  let next = 1;
  fc.assert(
    fc.property(arbHistory(60, 10), fc.nat(), (generated, cut) => {
      const events = writeHistory(historyId(0xabd), generated, () => next++).events;
      const at = cut % (events.length + 1);
      const { head, parts } = splitGroupState(foldAll(events.slice(0, at)));
      const later = events.slice(at).map((e) => groupHeadFold.parse(structuredClone(e)));
      const touched = groupHeadFold.touched(later);
      let h = decodeGroupHead(head, new Map(parts.filter(([id]) => touched.has(id))));
      for (const e of later) h = groupHeadFold.evolve(h, e);
      const expected = foldAll(events);
      assert.deepEqual(groupHeadBalances(h), groupBalances(expected));
      assert.deepEqual(h.pairDebts, groupPairDebts(expected));
      // With debts not simplified, the plan comes from the head's pair debts.
      h.state.simplifyDebts = expected.simplifyDebts = false;
      assert.deepEqual(groupHeadBalances(h), groupBalances(expected));
    }),
    { numRuns: 100 },
  );
});
