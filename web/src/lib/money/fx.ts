/**
 * Exchange rates as exact fractions, and conversion with round-half-even
 * (API.md rule 2).
 *
 * @module
 */
import { exponentOf } from "./amount.ts";
import { MoneyError } from "./errors.ts";

/** A positive decimal rate as `numerator / denominator` (a power of ten). */
export interface Rate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const RATE = /^([0-9]+)(?:\.([0-9]+))?$/;
const MAX_RATE_DECIMALS = 12;
const MAX_RATE_DIGITS = 18;

/** Parses a rate such as "1.0842" as strictly as the server (`fx.invalid_rate`). */
export function parseRate(s: string, path?: string): Rate {
  const m = RATE.exec(s.trim());
  if (!m) {
    throw new MoneyError("fx.invalid_rate", `rate "${s}" is not a number like 1.0842`, path);
  }
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  if (fraction.length > MAX_RATE_DECIMALS) {
    throw new MoneyError(
      "fx.invalid_rate",
      `a rate has at most ${MAX_RATE_DECIMALS} decimal places`,
      path,
    );
  }
  const numerator = BigInt(m[1] + fraction);
  if (numerator === 0n) throw new MoneyError("fx.invalid_rate", "the rate must be above zero", path);
  if (numerator.toString().length > MAX_RATE_DIGITS) {
    throw new MoneyError(
      "fx.invalid_rate",
      `a rate has at most ${MAX_RATE_DIGITS} significant digits`,
      path,
    );
  }
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/**
 * `numerator / denominator` rounded to the nearest integer, ties to even.
 *
 * @example
 * ```ts
 * roundHalfEven(5n, 2n); // 2n
 * ```
 */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const magnitude = numerator < 0n ? -numerator : numerator;
  let q = magnitude / denominator;
  const twice = (magnitude % denominator) * 2n;
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) q += 1n;
  return numerator < 0n ? -q : q;
}

/**
 * Converts minor units of `from` into minor units of `to` at `rate` (units of
 * `to` per unit of `from`): round_half_even(minor × rate × 10^exp(to) / 10^exp(from)).
 *
 * @example
 * ```ts
 * convert(1000n, "JPY", "EUR", parseRate("0.0062")); // 620n
 * ```
 */
export function convert(minor: bigint, from: string, to: string, rate: Rate): bigint {
  return roundHalfEven(
    minor * rate.numerator * 10n ** BigInt(exponentOf(to)),
    rate.denominator * 10n ** BigInt(exponentOf(from)),
  );
}
