import assert from "node:assert/strict";
import fc from "fast-check";
import { allocate } from "../money/allocate.ts";
import { applyTransfers } from "./balances.ts";
import { addPairDebts, entryPairDebts, type PairDebt, pairwisePlan } from "./pairwise.ts";
import { settleUp } from "./settle_up.ts";

Deno.test("entryPairDebts() makes each sharer owe the payer their share", () => {
  assert.deepEqual(entryPairDebts([["ana", 90n]], [["ana", 30n], ["ben", 30n], ["cem", 30n]]), [
    { from: "ben", to: "ana", amount: 30n },
    { from: "cem", to: "ana", amount: 30n },
  ]);
});

Deno.test("entryPairDebts() allocates each share over what the payers have left", () => {
  // ana paid 60, ben 40; ana and cem share 50 each. ana's share: 30 to herself, 20 to ben;
  // cem's share covers what is left: 30 to ana, 20 to ben.
  assert.deepEqual(entryPairDebts([["ana", 60n], ["ben", 40n]], [["ana", 50n], ["cem", 50n]]), [
    { from: "ana", to: "ben", amount: 20n },
    { from: "cem", to: "ana", amount: 30n },
    { from: "cem", to: "ben", amount: 20n },
  ]);
});

Deno.test("entryPairDebts() reads a settlement as the receiver owing the sender", () => {
  assert.deepEqual(entryPairDebts([["ben", 25n]], [["ana", 25n]]), [
    { from: "ana", to: "ben", amount: 25n },
  ]);
});

Deno.test("entryPairDebts() refuses an entry whose sides differ", () => {
  assert.throws(() => entryPairDebts([["a", 10n]], [["b", 9n]]), { code: "ledger.unbalanced" });
});

Deno.test("pairwisePlan() nets each pair and orders by amount", () => {
  assert.deepEqual(
    pairwisePlan([
      { from: "ben", to: "ana", amount: 30n },
      { from: "ana", to: "ben", amount: 10n },
      { from: "cem", to: "ana", amount: 50n },
      { from: "dan", to: "cem", amount: 5n },
      { from: "cem", to: "dan", amount: 5n },
    ]),
    [{ from: "cem", to: "ana", amount: 50n }, { from: "ben", to: "ana", amount: 20n }],
  );
});

const MEMBERS = ["a", "b", "c", "d", "e"];

/** A random balanced entry: payers and sharers with the same total (an expense or settlement). */
const entry = fc.record({
  total: fc.bigInt({ min: 1n, max: 10n ** 9n }),
  payers: fc.uniqueArray(fc.constantFrom(...MEMBERS), { minLength: 1, maxLength: 3 }),
  payerWeights: fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: 3, maxLength: 3 }),
  sharers: fc.uniqueArray(fc.constantFrom(...MEMBERS), { minLength: 1, maxLength: 5 }),
  shareWeights: fc.array(fc.bigInt({ min: 0n, max: 1000n }), { minLength: 5, maxLength: 5 }),
  refund: fc.boolean(),
}).map((r) => {
  const sign = r.refund ? -1n : 1n;
  const paidParts = allocate(r.total, r.payerWeights.slice(0, r.payers.length));
  const weights: bigint[] = r.shareWeights.slice(0, r.sharers.length);
  if (!weights.some((w) => w > 0n)) weights[0] = 1n;
  const owedParts = allocate(r.total, weights);
  return {
    paid: r.payers.map((m, i) => [m, sign * paidParts[i]] as const),
    owed: r.sharers.map((m, i) => [m, sign * owedParts[i]] as const),
  };
});

type Entry = { paid: (readonly [string, bigint])[]; owed: (readonly [string, bigint])[] };

function balancesOf(entries: readonly Entry[]): Map<string, bigint> {
  const b = new Map<string, bigint>(MEMBERS.map((m) => [m, 0n]));
  for (const e of entries) {
    for (const [m, v] of e.paid) b.set(m, b.get(m)! + v);
    for (const [m, v] of e.owed) b.set(m, b.get(m)! - v);
  }
  return b;
}

function netOf(debts: readonly PairDebt[]): Map<string, bigint> {
  const n = new Map<string, bigint>();
  for (const d of debts) {
    n.set(d.to, (n.get(d.to) ?? 0n) + d.amount);
    n.set(d.from, (n.get(d.from) ?? 0n) - d.amount);
  }
  return n;
}

Deno.test("property: an entry's pair debts sum to each member's paid − owed", () => {
  fc.assert(
    fc.property(entry, (e) => {
      const debts = entryPairDebts(e.paid, e.owed);
      const net = netOf(debts);
      for (const [m, balance] of balancesOf([e])) assert.equal(net.get(m) ?? 0n, balance);
      for (const d of debts) assert.notEqual(d.from, d.to);
    }),
    { numRuns: 500 },
  );
});

Deno.test("property: the pairwise plan clears every balance exactly, as the simplified one does", () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 12 }), fc.array(fc.nat(11)), (entries, voids) => {
      // Voided entries are recorded and then reversed, as the read model does.
      const net = new Map<string, bigint>();
      entries.forEach((e) => addPairDebts(net, entryPairDebts(e.paid, e.owed)));
      const voided = new Set(voids.filter((i) => i < entries.length));
      for (const i of voided) {
        addPairDebts(net, entryPairDebts(entries[i].paid, entries[i].owed), -1n);
      }
      const kept = entries.filter((_, i) => !voided.has(i));
      const balances = balancesOf(kept);
      const debts = [...net].map(([k, v]) => {
        const [from, to] = k.split("\u0000");
        return { from, to, amount: v };
      });
      const pairwise = pairwisePlan(debts);
      const simplified = settleUp([...balances]);
      for (const plan of [pairwise, simplified]) {
        for (const t of plan) assert.ok(t.amount > 0n && t.from !== t.to);
        for (const [m, v] of applyTransfers(balances, plan)) assert.equal(v, 0n, m);
      }
      // One transfer per pair at most.
      const pairs = new Set(pairwise.map((t) => [t.from, t.to].sort().join()));
      assert.equal(pairs.size, pairwise.length);
    }),
    { numRuns: 300 },
  );
});
