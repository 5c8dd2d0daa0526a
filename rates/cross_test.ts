import assert from "node:assert/strict";
import fc from "fast-check";
import { formatRate, parseRate } from "@kopek/domain";
import { crossRate, roundSignificant } from "./cross.ts";

/** A quote like the ECB's: 1 to 7 significant digits, from 0.1 to 99,999. */
const quote = fc.tuple(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 7 }))
  .filter(([digits, decimals]) => {
    const value = digits / 10 ** decimals;
    return value >= 0.1 && value < 100_000;
  })
  .map(([digits, decimals]) =>
    formatRate({ numerator: BigInt(digits), denominator: 10n ** BigInt(decimals) })
  );

/** The product of two rate strings, as a float (close enough to test a tolerance). */
function product(a: string, b: string): number {
  const x = parseRate(a);
  const y = parseRate(b);
  return Number(x.numerator * y.numerator * 10n ** 20n / (x.denominator * y.denominator)) / 1e20;
}

Deno.test("crossRate() matches exact decimal division rounded half-even to 10 digits", () => {
  // Expected values from Python's decimal module (prec=10, ROUND_HALF_EVEN),
  // on the ECB's quotes of 2022-07-08.
  assert.equal(crossRate("1.0163", "1"), "0.9839614287"); // USD → EUR
  assert.equal(crossRate("1.0163", "138.05"), "135.8358752"); // USD → JPY
  assert.equal(crossRate("138.05", "1.0163"), "0.007361825426"); // JPY → USD
  assert.equal(crossRate("0.84585", "15210.73"), "17982.77472"); // GBP → IDR
  assert.equal(crossRate("1.9558", "1"), "0.5112997239"); // BGN → EUR
  assert.equal(crossRate("402.45", "24.614"), "0.0611603926"); // HUF → CZK, trailing zero trimmed
});

Deno.test("crossRate() keeps at most 12 decimals for very small rates", () => {
  // 10 significant digits would need 14 decimals; parseRate allows 12.
  assert.equal(crossRate("15210.73", "0.84585"), "0.000055608771"); // IDR → GBP
  assert.equal(crossRate("15210.73", "1"), "0.000065743064"); // IDR → EUR
  assert.equal(crossRate("500000", "0.0000001"), null); // 2·10⁻¹³ rounds to zero
  assert.equal(crossRate("100000", "0.0000001"), "0.000000000001");
});

Deno.test("crossRate() passes a quote against its own base through unchanged", () => {
  fc.assert(fc.property(quote, (q) => {
    assert.equal(crossRate("1", q), formatRate(parseRate(q)));
    assert.equal(crossRate(q, q), "1");
  }));
});

Deno.test("crossRate() from → to → from round-trips to within 10⁻⁹ of 1", () => {
  fc.assert(fc.property(quote, quote, (a, b) => {
    const there = crossRate(a, b)!;
    const back = crossRate(b, a)!;
    // Each leg is off by at most half a unit in its 10th significant digit
    // (or its 12th decimal for rates below 10⁻³, hence the wider bound there).
    const tiny = Number(there) < 1e-3 || Number(back) < 1e-3;
    assert.ok(
      Math.abs(product(there, back) - 1) <= (tiny ? 1e-6 : 1e-9),
      `${a} ${b} ${there} ${back}`,
    );
    parseRate(there); // always a valid rate for the domain
  }));
});

Deno.test("roundSignificant() rounds ties to even", () => {
  assert.equal(roundSignificant(12345678905n, 10n, 10), "1234567890"); // …890.5 → …890
  assert.equal(roundSignificant(12345678915n, 10n, 10), "1234567892"); // …891.5 → …892
  assert.equal(roundSignificant(5n, 100000000000n, 10), "0.00000000005"); // exact, kept
  assert.equal(roundSignificant(99999999995n, 10n ** 11n, 10), "1"); // 0.99999999995 → 1
  assert.equal(roundSignificant(123456789012345n, 1n, 10), "123456789012345"); // no rounding left of the point
  assert.throws(() => roundSignificant(0n, 1n, 10), RangeError);
});
