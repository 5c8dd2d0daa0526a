import assert from "node:assert/strict";
import fc from "fast-check";
import { formatRate, parseRate } from "./rate.ts";

Deno.test("parseRate() reads a positive decimal as an exact normalised fraction", () => {
  assert.deepEqual(parseRate("1.0842"), { numerator: 10842n, denominator: 10000n });
  assert.deepEqual(parseRate("0.50"), { numerator: 5n, denominator: 10n });
  assert.deepEqual(parseRate("2"), { numerator: 2n, denominator: 1n });
  assert.deepEqual(parseRate("2.000"), { numerator: 2n, denominator: 1n });
  assert.deepEqual(parseRate("1000"), { numerator: 1000n, denominator: 1n });
  assert.deepEqual(parseRate("0.000000000001"), { numerator: 1n, denominator: 10n ** 12n });
  assert.deepEqual(parseRate("123456.789012345678"), {
    numerator: 123456789012345678n,
    denominator: 10n ** 12n,
  });
});

Deno.test("parseRate() rejects zero, signs, exponents and too much precision", () => {
  const bad = [
    "0",
    "0.000",
    "-1",
    "+1",
    "1e3",
    ".5",
    "5.",
    "",
    " 1",
    "1,5",
    "abc",
    "0.0000000000001",
    "1234567.890123456789",
    "1234567890123456789",
  ];
  for (const s of bad) {
    assert.throws(() => parseRate(s, "fx.rate"), {
      name: "MoneyError",
      code: "fx.invalid_rate",
      path: "fx.rate",
    }, s);
  }
});

Deno.test("formatRate() writes the canonical decimal", () => {
  assert.equal(formatRate({ numerator: 108420n, denominator: 100000n }), "1.0842");
  assert.equal(formatRate({ numerator: 2n, denominator: 1n }), "2");
  assert.equal(formatRate({ numerator: 20n, denominator: 10n }), "2");
  assert.equal(formatRate({ numerator: 5n, denominator: 10n }), "0.5");
  assert.equal(formatRate({ numerator: 1n, denominator: 10n ** 12n }), "0.000000000001");
  for (const r of [{ numerator: 3n, denominator: 3n }, { numerator: 0n, denominator: 1n }]) {
    assert.throws(() => formatRate(r), { code: "fx.invalid_rate" });
  }
});

const canonicalRate = fc
  .record({
    numerator: fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }),
    decimals: fc.integer({ min: 0, max: 12 }),
  })
  .map(({ numerator, decimals }) => {
    const digits = numerator.toString().padStart(decimals + 1, "0");
    const whole = digits.slice(0, digits.length - decimals);
    const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
    return fraction === "" ? whole : `${whole}.${fraction}`;
  });

Deno.test("parseRate() and formatRate() round-trip", () => {
  fc.assert(
    fc.property(canonicalRate, (s) => {
      const rate = parseRate(s);
      assert.equal(formatRate(rate), s);
      assert.deepEqual(parseRate(formatRate(rate)), rate);
      assert.notEqual(rate.numerator % 10n === 0n && rate.denominator > 1n, true);
    }),
    { numRuns: 1000 },
  );
});
