import assert from "node:assert/strict";
import { applyTransfers, sumToZero } from "./balances.ts";

Deno.test("sumToZero() tells whether values add up to exactly zero", () => {
  assert.equal(sumToZero([]), true);
  assert.equal(sumToZero([500n, -300n, -200n]), true);
  assert.equal(sumToZero([500n, -300n, -199n]), false);
  assert.equal(sumToZero([1n]), false);
  assert.equal(sumToZero(new Map([["a", 2n], ["b", -2n]]).values()), true);
});

Deno.test("applyTransfers() raises the payer's balance and lowers the payee's", () => {
  const before = new Map([["ana", -500n], ["ben", 300n], ["cem", 200n]]);
  const after = applyTransfers(before, [
    { from: "ana", to: "ben", amount: 300n },
    { from: "ana", to: "cem", amount: 150n },
  ]);
  assert.deepEqual(after, new Map([["ana", -50n], ["ben", 0n], ["cem", 50n]]));
  assert.deepEqual(before, new Map([["ana", -500n], ["ben", 300n], ["cem", 200n]]));
});

Deno.test("applyTransfers() starts missing members at zero and sums repeated ones", () => {
  assert.deepEqual(
    applyTransfers([["ana", 100n], ["ana", -40n]], [{ from: "dan", to: "ana", amount: 60n }]),
    new Map([["ana", 0n], ["dan", 60n]]),
  );
});
