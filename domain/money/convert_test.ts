import assert from "node:assert/strict";
import fc from "fast-check";
import { convert, deriveRate, roundHalfEven } from "./convert.ts";
import { currencyExponent } from "./currency.ts";
import { formatAmount, parseAmount } from "./money.ts";
import { formatRate, parseRate, type Rate } from "./rate.ts";

Deno.test("roundHalfEven() rounds ties to the even neighbour", () => {
  assert.equal(roundHalfEven(1n, 2n), 0n);
  assert.equal(roundHalfEven(3n, 2n), 2n);
  assert.equal(roundHalfEven(5n, 2n), 2n);
  assert.equal(roundHalfEven(7n, 2n), 4n);
  assert.equal(roundHalfEven(-1n, 2n), 0n);
  assert.equal(roundHalfEven(-5n, 2n), -2n);
  assert.equal(roundHalfEven(-7n, 2n), -4n);
  assert.equal(roundHalfEven(125n, 10n), 12n);
  assert.equal(roundHalfEven(135n, 10n), 14n);
});

Deno.test("roundHalfEven() rounds non-ties to the nearest integer", () => {
  assert.equal(roundHalfEven(26n, 10n), 3n);
  assert.equal(roundHalfEven(24n, 10n), 2n);
  assert.equal(roundHalfEven(-26n, 10n), -3n);
  assert.equal(roundHalfEven(-24n, 10n), -2n);
  assert.equal(roundHalfEven(6n, 3n), 2n);
  assert.equal(roundHalfEven(0n, 7n), 0n);
  assert.throws(() => roundHalfEven(1n, 0n), RangeError);
  assert.throws(() => roundHalfEven(1n, -2n), RangeError);
});

/** Reference rounding by floor division, a different route from the implementation. */
function referenceHalfEven(n: bigint, d: bigint): bigint {
  let floor = n / d;
  if (n % d !== 0n && n < 0n) floor -= 1n;
  const twice = (n - floor * d) * 2n;
  if (twice < d) return floor;
  if (twice > d) return floor + 1n;
  return floor % 2n === 0n ? floor : floor + 1n;
}

Deno.test("roundHalfEven() agrees with a floor-based reference", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
      fc.oneof(fc.bigInt({ min: 1n, max: 20n }), fc.bigInt({ min: 1n, max: 10n ** 20n })),
      (n, d) => {
        assert.equal(roundHalfEven(n, d), referenceHalfEven(n, d));
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("convert() applies the rate in major units, rounded half-even", () => {
  // 12.345 BHD × 2.65 = 32.71425 EUR → 32.71
  assert.equal(convert(parseAmount("12.345", "BHD"), "BHD", "EUR", parseRate("2.65")), 3271n);
  // 1000 JPY × 0.0062 = 6.2 EUR → 6.20
  assert.equal(formatAmount(convert(1000n, "JPY", "EUR", parseRate("0.0062")), "EUR"), "6.20");
  // 6.20 EUR × 161.29 = 999.998 JPY → 1000
  assert.equal(convert(620n, "EUR", "JPY", parseRate("161.29")), 1000n);
  // 90.00 EUR × 1.0842 = 97.578 USD → 97.58
  assert.equal(convert(9000n, "EUR", "USD", parseRate("1.0842")), 9758n);
});

Deno.test("convert() rounds exact half units to the even neighbour, both ways", () => {
  // 0.25 EUR × 0.5 = 0.125 → 0.12 (down to even); 0.35 EUR × 0.5 = 0.175 → 0.18 (up to even)
  assert.equal(convert(25n, "EUR", "EUR", parseRate("0.5")), 12n);
  assert.equal(convert(35n, "EUR", "EUR", parseRate("0.5")), 18n);
  assert.equal(convert(-25n, "EUR", "EUR", parseRate("0.5")), -12n);
  assert.equal(convert(-35n, "EUR", "EUR", parseRate("0.5")), -18n);
  // 1.00 EUR × 0.3345 = 0.3345 KWD → 0.334; 1 JPY × 0.0025 = 0.0025 BHD → 0.002, 3 JPY → 0.008
  assert.equal(convert(100n, "EUR", "KWD", parseRate("0.3345")), 334n);
  assert.equal(convert(1n, "JPY", "BHD", parseRate("0.0025")), 2n);
  assert.equal(convert(3n, "JPY", "BHD", parseRate("0.0025")), 8n);
});

Deno.test("convert() rejects unknown currencies and non-positive rates", () => {
  assert.throws(() => convert(1n, "XAU", "EUR", parseRate("1")), {
    code: "money.unknown_currency",
  });
  assert.throws(() => convert(1n, "EUR", "eur", parseRate("1")), {
    code: "money.unknown_currency",
  });
  assert.throws(() => convert(1n, "EUR", "USD", { numerator: 0n, denominator: 1n }), {
    code: "fx.invalid_rate",
  });
});

const CURRENCIES = ["JPY", "EUR", "BHD", "KWD"] as const;
const currency = fc.constantFrom(...CURRENCIES);
const LIMIT = 10n ** 15n;
const rate = fc
  .record({
    numerator: fc.oneof(
      fc.bigInt({ min: 1n, max: 10n ** 6n }),
      fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }),
    ),
    decimals: fc.integer({ min: 0, max: 12 }),
  })
  .map(({ numerator, decimals }) =>
    formatRate({ numerator, denominator: 10n ** BigInt(decimals) })
  );

/**
 * Independent oracle: multiply the two decimal strings digit-wise, then round
 * the digit string at the target currency's last decimal, ties to even.
 */
function referenceConvert(amount: string, rateText: string, toExponent: number): bigint {
  const negative = amount.startsWith("-");
  const [aWhole, aFrac = ""] = amount.replace("-", "").split(".");
  const [rWhole, rFrac = ""] = rateText.split(".");
  const product = BigInt(aWhole + aFrac) * BigInt(rWhole + rFrac);
  const places = aFrac.length + rFrac.length;
  const drop = places - toExponent;
  let result: bigint;
  if (drop <= 0) {
    result = product * 10n ** BigInt(-drop);
  } else {
    const digits = product.toString().padStart(drop + 1, "0");
    const kept = BigInt(digits.slice(0, digits.length - drop));
    const dropped = digits.slice(digits.length - drop);
    const half = "5".padEnd(drop, "0");
    const up = dropped > half || (dropped === half && kept % 2n === 1n);
    result = up ? kept + 1n : kept;
  }
  return negative ? -result : result;
}

Deno.test("convert() matches an exact decimal computation for JPY, EUR, BHD and KWD", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n - LIMIT, max: LIMIT - 1n }),
      currency,
      currency,
      rate,
      (minor, from, to, rateText) => {
        const expected = referenceConvert(
          formatAmount(minor, from),
          rateText,
          currencyExponent(to)!,
        );
        assert.equal(convert(minor, from, to, parseRate(rateText)), expected);
      },
    ),
    { numRuns: 3000 },
  );
});

Deno.test("deriveRate() gives the rate implied by two amounts", () => {
  assert.deepEqual(deriveRate(10000n, "EUR", 10842n, "USD"), parseRate("1.0842"));
  assert.deepEqual(deriveRate(1000n, "JPY", 620n, "EUR"), parseRate("0.0062"));
  assert.deepEqual(deriveRate(300n, "EUR", 100n, "EUR"), parseRate("0.33333333"));
  assert.deepEqual(deriveRate(300n, "EUR", 100n, "EUR", 2), parseRate("0.33"));
  assert.deepEqual(deriveRate(12345n, "BHD", 3271n, "EUR", 4), parseRate("2.6497"));
  // 2/3 to 1 place is 0.666… → 0.7; 0.125 to 2 places is a tie → 0.12
  assert.deepEqual(deriveRate(300n, "EUR", 200n, "EUR", 1), parseRate("0.7"));
  assert.deepEqual(deriveRate(800n, "EUR", 100n, "EUR", 2), parseRate("0.12"));
});

Deno.test("deriveRate() rejects amounts that imply no valid rate", () => {
  assert.throws(() => deriveRate(0n, "EUR", 100n, "USD"), { code: "fx.invalid_rate" });
  assert.throws(() => deriveRate(100n, "EUR", 0n, "USD"), { code: "fx.invalid_rate" });
  assert.throws(() => deriveRate(-100n, "EUR", -100n, "USD"), { code: "fx.invalid_rate" });
  // 0.001 KWD for 999 999 999 999 999 JPY rounds to a zero rate.
  assert.throws(() => deriveRate(LIMIT - 1n, "JPY", 1n, "KWD"), { code: "fx.invalid_rate" });
  // 999 999 999 999 999 JPY for 0.007 KWD: 142 857 142 857 142 714.28571429 is 26 digits.
  assert.throws(() => deriveRate(7n, "KWD", LIMIT - 1n, "JPY"), { code: "fx.invalid_rate" });
  assert.throws(() => deriveRate(1n, "XAU", 1n, "EUR"), { code: "money.unknown_currency" });
  assert.throws(() => deriveRate(1n, "EUR", 1n, "USD", 13), RangeError);
  assert.throws(() => deriveRate(1n, "EUR", 1n, "USD", 1.5), RangeError);
});

Deno.test("deriveRate() can miss the client's amount when the amount is too large", () => {
  // 1 000 000 000.00 EUR → 1 084 212 345.67 USD: 1.0842123456 7 rounds to 1.08421235 at 8 places.
  const from = parseAmount("1000000000.00", "EUR");
  const to = parseAmount("1084212345.67", "USD");
  const coarse = deriveRate(from, "EUR", to, "USD");
  assert.equal(formatRate(coarse), "1.08421235");
  assert.notEqual(convert(from, "EUR", "USD", coarse), to);
  const fine = deriveRate(from, "EUR", to, "USD", 12);
  assert.equal(convert(from, "EUR", "USD", fine), to);
});

Deno.test("deriveRate() gives back the client's amount whenever the documented bound holds", () => {
  let checked = 0;
  let refused = 0;
  fc.assert(
    fc.property(
      currency,
      currency,
      fc.integer({ min: 0, max: 12 }),
      fc.bigInt({ min: 1n, max: LIMIT - 1n }),
      fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.bigInt({ min: 1n, max: LIMIT - 1n })),
      (from, to, decimals, rawFrom, toMinor) => {
        // Bound: fromMinor × 10^(exp(to) − exp(from)) < 10^decimals.
        const shift = decimals + currencyExponent(from)! - currencyExponent(to)!;
        fc.pre(shift >= 1);
        const fromMinor = 1n + (rawFrom - 1n) % (10n ** BigInt(Math.min(shift, 15)) - 1n);
        let derived: Rate;
        try {
          derived = deriveRate(fromMinor, from, toMinor, to, decimals);
        } catch (error) {
          // Only the 18-significant-digit limit may refuse such a pair.
          assert.match(String(error), /significant digits/);
          refused += 1;
          return;
        }
        assert.deepEqual(parseRate(formatRate(derived)), derived);
        assert.equal(convert(fromMinor, from, to, derived), toMinor);
        checked += 1;
      },
    ),
    { numRuns: 3000 },
  );
  // The property must not hold vacuously.
  assert.ok(checked > refused, `checked ${checked}, refused ${refused}`);
});
