/**
 * Cross rates through a publication's base currency, computed exactly on
 * fractions and rounded once.
 *
 * @module
 */
import { formatRate, MAX_RATE_DECIMALS, parseRate, type Rate, roundHalfEven } from "@kopek/domain";

/** Significant digits a cross rate keeps (see {@linkcode crossRate}). */
export const CROSS_RATE_SIGNIFICANT_DIGITS = 10;

/**
 * The rate to turn one `from` into `to`, given both currencies' quotes
 * against a common base (units of the currency per one unit of base; `"1"`
 * for the base itself): exactly `toQuote / fromQuote`, rounded half-even to
 * {@linkcode CROSS_RATE_SIGNIFICANT_DIGITS} significant digits but to no more
 * than `MAX_RATE_DECIMALS` (12) decimal places, trailing zeros trimmed.
 * Returns null when the rate rounds to zero at 12 decimals (no real currency
 * pair comes near).
 *
 * A quote with at most 10 significant digits against its own base comes back
 * unchanged (`crossRate("1", "1.0163") === "1.0163"`): the ECB publishes at
 * most 7. A cross rate is off by at most half a unit in its 10th significant
 * digit, a relative error below 5·10⁻¹⁰.
 *
 * @example
 * ```ts
 * crossRate("1.0163", "1"); // "0.9839614287"  (USD → EUR)
 * crossRate("1.0163", "138.05"); // "135.8358752"  (USD → JPY)
 * ```
 */
export function crossRate(fromQuote: string, toQuote: string): string | null {
  const from = parseRate(fromQuote);
  const to = parseRate(toQuote);
  return roundSignificant(
    to.numerator * from.denominator,
    to.denominator * from.numerator,
    CROSS_RATE_SIGNIFICANT_DIGITS,
  );
}

/**
 * `numerator / denominator` (both positive) rounded half-even to `digits`
 * significant digits and at most `MAX_RATE_DECIMALS` decimals, as a
 * canonical rate string; null if that rounds to zero.
 */
export function roundSignificant(
  numerator: bigint,
  denominator: bigint,
  digits: number,
): string | null {
  if (numerator <= 0n || denominator <= 0n) throw new RangeError("the fraction must be positive");
  // floor(log10(n / d)): the position of the leading digit.
  let magnitude = numerator.toString().length - denominator.toString().length;
  const scaledN = magnitude < 0 ? numerator * 10n ** BigInt(-magnitude) : numerator;
  const scaledD = magnitude > 0 ? denominator * 10n ** BigInt(magnitude) : denominator;
  if (scaledN < scaledD) magnitude -= 1;
  const decimals = Math.max(0, Math.min(MAX_RATE_DECIMALS, digits - 1 - magnitude));
  const scale = 10n ** BigInt(decimals);
  const rounded = roundHalfEven(numerator * scale, denominator);
  if (rounded === 0n) return null;
  const rate: Rate = { numerator: rounded, denominator: scale };
  return formatRate(rate);
}
