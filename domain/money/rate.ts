import { MoneyError } from "./money_error.ts";
import { quote } from "./_quote.ts";

/**
 * An exchange rate: a positive decimal as the exact fraction
 * `numerator / denominator`, the denominator a power of ten. Rates made by
 * {@linkcode parseRate} are normalised (no trailing fractional zeros), so two
 * equal rates have equal fields.
 */
export interface Rate {
  /** The rate's digits as an integer (10842n for "1.0842"). */
  readonly numerator: bigint;
  /** A power of ten (10000n for "1.0842"). */
  readonly denominator: bigint;
}

/** The most decimal places a rate may have. */
export const MAX_RATE_DECIMALS = 12;

/** The most significant digits a rate may have. */
export const MAX_RATE_DIGITS = 18;

const RATE = /^([0-9]+)(?:\.([0-9]+))?$/;

/**
 * Parses a positive decimal rate such as "1.0842".
 *
 * Rejects (`fx.invalid_rate`) zero, signs, exponents, ".5" and "5.", more than
 * {@linkcode MAX_RATE_DECIMALS} decimals (trailing zeros aside) and more than
 * {@linkcode MAX_RATE_DIGITS} significant digits (the digits left once leading
 * zeros and trailing fractional zeros are dropped, so "1.50" counts 2 and
 * "1000" counts 4).
 *
 * @example
 * ```ts
 * parseRate("1.0842"); // { numerator: 10842n, denominator: 10000n }
 * parseRate("0.50"); // { numerator: 5n, denominator: 10n }
 * ```
 */
export function parseRate(s: string, path?: string): Rate {
  const match = typeof s === "string" ? RATE.exec(s) : null;
  if (match === null) {
    throw new MoneyError(
      "fx.invalid_rate",
      `rate ${quote(s)} is not a positive decimal number like "1.0842"`,
      path,
    );
  }
  const [, whole, rawFraction = ""] = match;
  const fraction = rawFraction.replace(/0+$/, "");
  if (fraction.length > MAX_RATE_DECIMALS) {
    throw new MoneyError(
      "fx.invalid_rate",
      `rate ${quote(s)} has more than ${MAX_RATE_DECIMALS} decimal places`,
      path,
    );
  }
  const numerator = BigInt(whole + fraction);
  if (numerator === 0n) {
    throw new MoneyError("fx.invalid_rate", `rate ${quote(s)} must be greater than zero`, path);
  }
  if (numerator.toString().length > MAX_RATE_DIGITS) {
    throw new MoneyError(
      "fx.invalid_rate",
      `rate ${quote(s)} has more than ${MAX_RATE_DIGITS} significant digits`,
      path,
    );
  }
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/**
 * The canonical string of a rate: trailing fractional zeros trimmed, at least
 * one digit before the point ("1.0842", "0.5", "2"). Throws `fx.invalid_rate`
 * if the rate is not positive or its denominator is not a power of ten.
 *
 * @example
 * ```ts
 * formatRate({ numerator: 108420n, denominator: 100000n }); // "1.0842"
 * ```
 */
export function formatRate(r: Rate): string {
  const scale = powerOfTen(r.denominator);
  if (scale === undefined || r.numerator <= 0n) {
    throw new MoneyError(
      "fx.invalid_rate",
      `rate ${r.numerator}/${r.denominator} is not a positive decimal`,
    );
  }
  const digits = r.numerator.toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/** The n with 10ⁿ = value, or undefined when value is not a power of ten. */
function powerOfTen(value: bigint): number | undefined {
  const text = value.toString();
  return /^10*$/.test(text) ? text.length - 1 : undefined;
}
