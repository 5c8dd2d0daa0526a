import assert from "node:assert/strict";
import fc from "fast-check";
import { allocate } from "./allocate.ts";

Deno.test("allocate() splits 100 three ways as 34, 33, 33", () => {
  assert.deepEqual(allocate(100n, [1n, 1n, 1n]), [34n, 33n, 33n]);
});

Deno.test("allocate() gives leftover units to the largest remainders", () => {
  // 100·1/3 = 33 r 1, 100·2/3 = 66 r 2: the one leftover goes to the second entry.
  assert.deepEqual(allocate(100n, [1n, 2n]), [33n, 67n]);
  // 10.00 EUR over 33.33 / 33.33 / 33.34 %: remainders 3300, 3300, 4000.
  assert.deepEqual(allocate(1000n, [3333n, 3333n, 3334n]), [333n, 333n, 334n]);
  // 7 over 1, 3, 2 (W = 6): 1 r 1, 3 r 3, 2 r 2 → floors 1+3+2 = 6, leftover to entry 1.
  assert.deepEqual(allocate(7n, [1n, 3n, 2n]), [1n, 4n, 2n]);
});

Deno.test("allocate() breaks ties in favour of the earlier entry", () => {
  assert.deepEqual(allocate(2n, [1n, 1n, 1n]), [1n, 1n, 0n]);
  assert.deepEqual(allocate(5n, [1n, 1n, 1n, 1n]), [2n, 1n, 1n, 1n]);
  assert.deepEqual(allocate(1n, [2n, 1n, 2n]), [1n, 0n, 0n]);
});

Deno.test("allocate() gives zero weights nothing", () => {
  assert.deepEqual(allocate(5n, [0n, 1n, 0n, 1n]), [0n, 3n, 0n, 2n]);
  assert.deepEqual(allocate(0n, [1n, 2n]), [0n, 0n]);
});

Deno.test("allocate() mirrors a negative total", () => {
  assert.deepEqual(allocate(-100n, [1n, 1n, 1n]), [-34n, -33n, -33n]);
  assert.deepEqual(allocate(-100n, [1n, 2n]), [-33n, -67n]);
});

Deno.test("allocate() rejects negative weights and a zero weight sum", () => {
  for (const weights of [[], [0n], [0n, 0n], [1n, -1n], [-1n]]) {
    assert.throws(() => allocate(100n, weights), {
      name: "MoneyError",
      code: "allocation.invalid_weights",
    });
  }
});

const total = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const weights = fc
  .array(fc.oneof(fc.bigInt({ min: 0n, max: 5n }), fc.bigInt({ min: 0n, max: 10n ** 8n })), {
    minLength: 1,
    maxLength: 25,
  })
  .filter((ws) => ws.some((w) => w > 0n));
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

Deno.test("allocate() shares sum to the total for every weight vector", () => {
  fc.assert(
    fc.property(total, weights, (t, ws) => {
      const shares = allocate(t, ws);
      assert.equal(shares.length, ws.length);
      assert.equal(sum(shares), t);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("allocate() keeps each share within one unit of its exact proportional value", () => {
  fc.assert(
    fc.property(total, weights, (t, ws) => {
      const w = sum(ws);
      allocate(t, ws).forEach((share, i) => {
        // |share − T·wᵢ/W| < 1  ⇔  |share·W − T·wᵢ| < W
        const diff = share * w - t * ws[i];
        assert.ok((diff < 0n ? -diff : diff) < w, `share ${i}`);
        if (ws[i] === 0n) assert.equal(share, 0n);
      });
    }),
    { numRuns: 2000 },
  );
});

Deno.test("allocate() is deterministic and gives leftovers by remainder, ties earlier", () => {
  fc.assert(
    fc.property(total, weights, (t, ws) => {
      const shares = allocate(t, ws);
      assert.deepEqual(allocate(t, [...ws]), shares);
      assert.deepEqual(allocate(-t, ws), shares.map((s) => -s));
      const magnitude = t < 0n ? -t : t;
      const w = sum(ws);
      const rem = ws.map((wi) => (magnitude * wi) % w);
      const extra = ws.map((wi, i) => (t < 0n ? -shares[i] : shares[i]) - (magnitude * wi) / w);
      for (let i = 0; i < ws.length; i++) {
        assert.ok(extra[i] === 0n || extra[i] === 1n);
        for (let j = 0; j < ws.length; j++) {
          // If j got a leftover unit, every entry that ranks before j got one too.
          const ranksBefore = rem[i] > rem[j] || (rem[i] === rem[j] && i < j);
          if (extra[j] === 1n && ranksBefore) assert.equal(extra[i], 1n, `${i} before ${j}`);
        }
      }
    }),
    { numRuns: 1000 },
  );
});
