import assert from "node:assert/strict";
import fc from "fast-check";
import { applyTransfers } from "./balances.ts";
import { settleUp } from "./settle_up.ts";

Deno.test("settleUp() lets each debtor pay the creditor", () => {
  assert.deepEqual(settleUp([["ana", 600n], ["ben", -400n], ["cem", -200n]]), [
    { from: "ben", to: "ana", amount: 400n },
    { from: "cem", to: "ana", amount: 200n },
  ]);
});

Deno.test("settleUp() has the largest debtor pay the largest creditor", () => {
  assert.deepEqual(settleUp([["a", -100n], ["b", -300n], ["c", 250n], ["d", 150n]]), [
    { from: "b", to: "c", amount: 250n },
    { from: "a", to: "d", amount: 100n },
    { from: "b", to: "d", amount: 50n },
  ]);
});

Deno.test("settleUp() breaks ties by the order of the input", () => {
  assert.deepEqual(settleUp([["a", -100n], ["b", -100n], ["c", 100n], ["d", 100n]]), [
    { from: "a", to: "c", amount: 100n },
    { from: "b", to: "d", amount: 100n },
  ]);
  assert.deepEqual(settleUp([["d", 100n], ["c", 100n], ["b", -100n], ["a", -100n]]), [
    { from: "b", to: "d", amount: 100n },
    { from: "a", to: "c", amount: 100n },
  ]);
});

Deno.test("settleUp() leaves settled members out", () => {
  assert.deepEqual(settleUp([]), []);
  assert.deepEqual(settleUp([["a", 0n], ["b", 0n]]), []);
  assert.deepEqual(settleUp([["a", 0n], ["b", 5n], ["c", -5n]]), [{
    from: "c",
    to: "b",
    amount: 5n,
  }]);
});

Deno.test("settleUp() rejects balances that do not sum to zero or repeat a member", () => {
  assert.throws(() => settleUp([["a", 5n], ["b", -4n]]), {
    name: "MoneyError",
    code: "ledger.unbalanced",
    message: "balances sum to 1 minor units, not zero",
  });
  assert.throws(() => settleUp([["a", 5n], ["a", -5n]]), { code: "ledger.duplicate_member" });
});

const balances = fc
  .array(
    fc.oneof(fc.bigInt({ min: -5n, max: 5n }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n })),
    {
      maxLength: 30,
    },
  )
  .map((values) => {
    const last = -values.reduce((a, b) => a + b, 0n);
    return [...values, last].map((b, i): readonly [string, bigint] => [`m${i}`, b]);
  });

Deno.test("settleUp() clears every balance with at most n − 1 positive transfers", () => {
  fc.assert(
    fc.property(balances, (input) => {
      const transfers = settleUp(input);
      for (const balance of applyTransfers(input, transfers).values()) assert.equal(balance, 0n);
      const nonZero = input.filter(([, b]) => b !== 0n).length;
      assert.ok(transfers.length <= Math.max(0, nonZero - 1), `${transfers.length} for ${nonZero}`);
      const original = new Map(input);
      for (const { from, to, amount } of transfers) {
        assert.ok(amount > 0n);
        assert.ok(original.get(from)! < 0n, "only debtors pay");
        assert.ok(original.get(to)! > 0n, "only creditors are paid");
      }
    }),
    { numRuns: 2000 },
  );
});

Deno.test("settleUp() is deterministic and picks the largest, earliest parties first", () => {
  fc.assert(
    fc.property(balances, (input) => {
      const transfers = settleUp(input);
      assert.deepEqual(settleUp(input.map(([m, b]) => [m, b] as const)), transfers);
      if (transfers.length === 0) return;
      const first = transfers[0];
      const debts = input.filter(([, b]) => b < 0n);
      const credits = input.filter(([, b]) => b > 0n);
      const minBalance = debts.reduce((m, [, b]) => (b < m ? b : m), 0n);
      const maxBalance = credits.reduce((m, [, b]) => (b > m ? b : m), 0n);
      assert.equal(first.from, debts.find(([, b]) => b === minBalance)![0]);
      assert.equal(first.to, credits.find(([, b]) => b === maxBalance)![0]);
    }),
    { numRuns: 1000 },
  );
});
