import { exponentOf, pow10 } from "./_exponent.ts";
import { MoneyError } from "./money_error.ts";
import { MAX_RATE_DECIMALS, MAX_RATE_DIGITS, type Rate } from "./rate.ts";

/**
 * Rounds the fraction `numerator / denominator` to the nearest integer, ties to
 * the even neighbour (banker's rounding), symmetric around zero. Throws a
 * `RangeError` (a programming error, not bad input) if `denominator` ≤ 0.
 *
 * @example
 * ```ts
 * roundHalfEven(5n, 2n); // 2n  (2.5)
 * roundHalfEven(7n, 2n); // 4n  (3.5)
 * roundHalfEven(-5n, 2n); // -2n
 * ```
 */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const magnitude = numerator < 0n ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twice = (magnitude % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return numerator < 0n ? -quotient : quotient;
}

/**
 * Converts `minor` units of `from` into minor units of `to` at `rate` (units
 * of `to` per unit of `from`), API rule 2:
 * round_half_even(minor × rate × 10^exp(to) / 10^exp(from)), computed exactly.
 * Throws `money.unknown_currency`, or `fx.invalid_rate` if the rate is not
 * positive.
 *
 * @example
 * ```ts
 * convert(1000n, "JPY", "EUR", parseRate("0.0062")); // 620n (6.20 EUR)
 * convert(12345n, "BHD", "EUR", parseRate("2.65")); // 3271n (32.71425 → 32.71 EUR)
 * ```
 */
export function convert(minor: bigint, from: string, to: string, rate: Rate): bigint {
  const fromExponent = exponentOf(from);
  const toExponent = exponentOf(to);
  if (rate.numerator <= 0n || rate.denominator <= 0n) {
    throw new MoneyError("fx.invalid_rate", "rate must be greater than zero");
  }
  return roundHalfEven(
    minor * rate.numerator * pow10(toExponent),
    rate.denominator * pow10(fromExponent),
  );
}

/**
 * The rate implied by a client's own converted amount: `toMinor` of `to` for
 * `fromMinor` of `from`, rounded half-even to `decimals` places (an integer
 * 0…12, default 8), trailing zeros trimmed. Both amounts must be positive and
 * the rounded rate must be a valid rate (> 0, at most 18 significant digits),
 * else `fx.invalid_rate`.
 *
 * Round trip: `convert(fromMinor, from, to, rate)` gives back `toMinor`
 * whenever fromMinor × 10^(exp(to) − exp(from)) < 10^decimals, because the
 * rate's rounding error (at most half a unit in the last place) then moves the
 * converted amount by less than half a minor unit. For larger amounts it may
 * be off; callers that need the client's exact figure should store it as well.
 *
 * @example
 * ```ts
 * deriveRate(10000n, "EUR", 10842n, "USD"); // { numerator: 10842n, denominator: 10000n }
 * ```
 */
export function deriveRate(
  fromMinor: bigint,
  from: string,
  toMinor: bigint,
  to: string,
  decimals = 8,
): Rate {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_RATE_DECIMALS) {
    throw new RangeError(`decimals must be an integer from 0 to ${MAX_RATE_DECIMALS}`);
  }
  const fromExponent = exponentOf(from);
  const toExponent = exponentOf(to);
  if (fromMinor <= 0n || toMinor <= 0n) {
    throw new MoneyError("fx.invalid_rate", "a rate needs two amounts greater than zero");
  }
  let numerator = roundHalfEven(
    toMinor * pow10(fromExponent + decimals),
    fromMinor * pow10(toExponent),
  );
  let denominator = pow10(decimals);
  if (numerator === 0n) {
    throw new MoneyError(
      "fx.invalid_rate",
      `the implied rate rounds to zero at ${decimals} decimal places`,
    );
  }
  while (denominator > 1n && numerator % 10n === 0n) {
    numerator /= 10n;
    denominator /= 10n;
  }
  if (numerator.toString().length > MAX_RATE_DIGITS) {
    throw new MoneyError(
      "fx.invalid_rate",
      `the implied rate has more than ${MAX_RATE_DIGITS} significant digits`,
    );
  }
  return { numerator, denominator };
}
