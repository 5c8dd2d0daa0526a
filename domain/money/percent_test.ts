import assert from "node:assert/strict";
import fc from "fast-check";
import { allocate } from "./allocate.ts";
import { formatAmount, parseAmount } from "./money.ts";
import { percentWeights } from "./percent.ts";

Deno.test("percentWeights() scales percentages by a common power of ten", () => {
  assert.deepEqual(percentWeights(["33.33", "33.33", "33.34"]), [3333n, 3333n, 3334n]);
  assert.deepEqual(percentWeights(["50", "50"]), [50n, 50n]);
  assert.deepEqual(percentWeights(["50.000000", "50"]), [50n, 50n]);
  assert.deepEqual(percentWeights(["12.5", "87.50"]), [125n, 875n]);
  assert.deepEqual(percentWeights(["0.000001", "99.999999"]), [1n, 99999999n]);
  assert.deepEqual(percentWeights(["0", "100"]), [0n, 100n]);
  assert.deepEqual(percentWeights(["100"]), [100n]);
});

Deno.test("percentWeights() splits 10.00 EUR as 3.33, 3.33, 3.34", () => {
  const shares = allocate(parseAmount("10.00", "EUR"), percentWeights(["33.33", "33.33", "33.34"]));
  assert.deepEqual(shares.map((s) => formatAmount(s, "EUR")), ["3.33", "3.33", "3.34"]);
});

Deno.test("percentWeights() rejects percentages that do not sum to 100", () => {
  const cases: [string[], string][] = [
    [["33.33", "33.33", "33.33"], "percentages sum to 99.99, not 100"],
    [["60", "50"], "percentages sum to 110, not 100"],
    [["100.000001"], "percentages sum to 100.000001, not 100"],
    [[], "percentages sum to 0, not 100"],
  ];
  for (const [percents, message] of cases) {
    assert.throws(() => percentWeights(percents, "split.shares"), {
      name: "MoneyError",
      code: "split.percent_sum",
      path: "split.shares",
      message,
    });
  }
});

Deno.test("percentWeights() rejects malformed percentages", () => {
  for (const bad of ["-10", "+10", "1e2", ".5", "5.", "", " 5", "5 ", "abc", "33.3333333"]) {
    assert.throws(() => percentWeights([bad, "100"], "split.shares"), {
      name: "MoneyError",
      code: "split.invalid_percent",
      path: "split.shares",
    }, bad);
  }
});

Deno.test("percentWeights() keeps the proportions of any valid split", () => {
  // Random splits of 100 000 000 millionths of a percent, written as decimals.
  const split = fc
    .array(fc.nat({ max: 100_000_000 }), { minLength: 1, maxLength: 12 })
    .map((cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), 100_000_000];
      return points.slice(1).map((p, i) => BigInt(p - points[i]));
    });
  fc.assert(
    fc.property(split, (micros) => {
      const texts = micros.map((m) => {
        const digits = m.toString().padStart(7, "0");
        return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
      });
      const weights = percentWeights(texts);
      const total = weights.reduce((a, b) => a + b, 0n);
      assert.equal(total % 100n, 0n);
      const factor = 1_000_000n * 100n / total;
      assert.deepEqual(weights.map((w) => w * factor), micros);
    }),
  );
});
