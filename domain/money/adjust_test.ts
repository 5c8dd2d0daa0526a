import assert from "node:assert/strict";
import fc from "fast-check";
import { adjustmentShares } from "./adjust.ts";
import { allocate } from "./allocate.ts";
import { MoneyError } from "./money_error.ts";

Deno.test("adjustmentShares() adds each adjustment to an equal split of the rest", () => {
  // 100.00 − (5.00 + 0 − 5.00) = 100.00 → 33.34, 33.33, 33.33; then +5.00, 0, −5.00.
  assert.deepEqual(adjustmentShares(10000n, [500n, 0n, -500n]), [3834n, 3333n, 2833n]);
  // 10.00 with 4.00 extra for the first: the rest 6.00 splits 3.00 / 3.00.
  assert.deepEqual(adjustmentShares(1000n, [400n, 0n]), [700n, 300n]);
});

Deno.test("adjustmentShares() mirrors a refund", () => {
  assert.deepEqual(adjustmentShares(-10000n, [500n, 0n, -500n]), [-3834n, -3333n, -2833n]);
});

Deno.test("adjustmentShares() refuses a share of the opposite sign", () => {
  assert.throws(
    () => adjustmentShares(1000n, [0n, -1100n]),
    (e) => e instanceof MoneyError && e.code === "split.adjustment_sign",
  );
});

const case_ = fc.record({
  total: fc.bigInt({ min: 1n, max: 10n ** 12n }),
  n: fc.integer({ min: 1, max: 30 }),
  seed: fc.array(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }), {
    minLength: 30,
    maxLength: 30,
  }),
});

function attempt(total: bigint, adjustments: bigint[]): bigint[] | null {
  try {
    return adjustmentShares(total, adjustments);
  } catch (e) {
    if (e instanceof MoneyError && e.code === "split.adjustment_sign") return null;
    throw e;
  }
}

Deno.test("property: adjustment shares sum exactly to the total and keep its sign", () => {
  fc.assert(fc.property(case_, ({ total, n, seed }) => {
    const adjustments = seed.slice(0, n);
    const shares = attempt(total, adjustments);
    if (shares === null) return;
    assert.equal(shares.reduce((a, b) => a + b, 0n), total);
    assert.ok(shares.every((s) => s >= 0n));
  }));
});

Deno.test("property: a share differs from the equal split of the rest by exactly its adjustment", () => {
  fc.assert(fc.property(case_, ({ total, n, seed }) => {
    const adjustments = seed.slice(0, n);
    const shares = attempt(total, adjustments);
    if (shares === null) return;
    const rest = total - adjustments.reduce((a, b) => a + b, 0n);
    const equal = allocate(rest, adjustments.map(() => 1n));
    shares.forEach((s, i) => assert.equal(s - adjustments[i], equal[i]));
    // Equal parts differ by at most one unit, so the shares differ by the adjustments ± 1.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const gap: bigint = shares[i] - shares[j] - (adjustments[i] - adjustments[j]);
        assert.ok(gap >= -1n && gap <= 1n);
      }
    }
  }));
});

Deno.test("property: zero adjustments are the equal split", () => {
  fc.assert(fc.property(case_, ({ total, n }) => {
    const zeros = Array.from({ length: n }, () => 0n);
    assert.deepEqual(adjustmentShares(total, zeros), allocate(total, zeros.map(() => 1n)));
  }));
});

Deno.test("property: a refund's adjustment shares are the exact negation", () => {
  fc.assert(fc.property(case_, ({ total, n, seed }) => {
    const adjustments = seed.slice(0, n);
    const shares = attempt(total, adjustments);
    const refund = attempt(-total, adjustments);
    if (shares === null) return assert.equal(refund, null);
    assert.deepEqual(refund, shares.map((s) => -s));
  }));
});
