import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { groupBalances, groupPairDebts, planOfPairDebts } from "@kopek/domain";
import { createSimGroup, nextEvents, record, rng } from "../../testing/builder.ts";
import { envelopesOf } from "../../testing/envelopes.ts";
import { balancesState, foldBalances } from "./fold.ts";

function history(seed: number, n: number) {
  const random = rng(seed);
  const { group } = createSimGroup({ members: 4 });
  for (let i = 0; i < n; i++) record(group, nextEvents(group, random));
  return { group, envelopes: envelopesOf(group.groupId, group.events) };
}

Deno.test("foldBalances() matches groupBalances() of the domain fold", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const { group, envelopes } = history(seed, 300);
    const state = foldBalances(balancesState(), envelopes);
    const expected = groupBalances(group.state);
    for (const m of expected.members) {
      const d = state.deltas.get(`${group.groupId}/${m.memberId}`)!;
      assertEquals([d.paid, d.owed], [m.paid, m.owed]);
    }
    assertEquals(state.currencies.get(group.groupId), "EUR");
  }
});

Deno.test("foldBalances() ignores replayed events (revision guard)", () => {
  const { group, envelopes } = history(7, 200);
  const once = foldBalances(balancesState(), envelopes);
  const twice = foldBalances(balancesState(), [...envelopes, ...envelopes.slice(10)]);
  for (const [k, d] of once.deltas) {
    const t = twice.deltas.get(k)!;
    assertEquals([t.paid, t.owed], [d.paid, d.owed]);
  }
  assertEquals(twice.deltas.size, once.deltas.size);
  void group;
});

Deno.test("foldBalances() gives an amended expense's difference, and takes a void back", () => {
  const { group, envelopes } = history(11, 100);
  const split = 60;
  const first = foldBalances(balancesState(), envelopes.slice(0, split));
  // Continue from the stored effects only (as the projection does across batches).
  const second = foldBalances(balancesState([...first.effects.values()]), envelopes.slice(split));
  const expected = groupBalances(group.state);
  for (const m of expected.members) {
    const k = `${group.groupId}/${m.memberId}`;
    const a = first.deltas.get(k) ?? { paid: 0n, owed: 0n };
    const b = second.deltas.get(k) ?? { paid: 0n, owed: 0n };
    assertEquals([a.paid + b.paid, a.owed + b.owed], [m.paid, m.owed]);
  }
});

Deno.test("foldBalances() keeps each pair's net debt as the domain's groupPairDebts() does", () => {
  for (const seed of [1, 2, 3]) {
    const { group, envelopes } = history(seed, 300);
    const split = 150;
    // Two batches, the second from the stored effects only, as the projection runs.
    const first = foldBalances(balancesState(), envelopes.slice(0, split));
    const second = foldBalances(balancesState([...first.effects.values()]), envelopes.slice(split));
    const stored = new Map<string, bigint>();
    for (const s of [first, second]) {
      for (const p of s.pairs.values()) {
        const k = `${p.lo}\u0000${p.hi}`;
        stored.set(k, (stored.get(k) ?? 0n) + p.amount);
      }
    }
    for (const [k, v] of stored) if (v === 0n) stored.delete(k);
    assertEquals(stored, groupPairDebts(group.state));
    assertEquals(planOfPairDebts(stored), planOfPairDebts(groupPairDebts(group.state)));
  }
});
