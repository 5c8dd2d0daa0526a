import { MoneyError } from "./money_error.ts";
import { quote } from "./_quote.ts";

/** The most decimal places a split percentage may have. */
const MAX_PERCENT_DECIMALS = 6;

const PERCENT = /^([0-9]+)(?:\.([0-9]+))?$/;

/**
 * Turns the percentages of a `percent` split into integer allocation weights.
 *
 * Each percentage is a decimal string ≥ 0 with at most 6 decimal places
 * (else `split.invalid_percent`); together they must sum to exactly 100
 * (else `split.percent_sum`, whose message gives the actual sum). They are
 * scaled by the smallest common power of ten that makes them all integers
 * (trailing zeros ignored), which leaves the allocation unchanged.
 * Errors carry `path` unchanged; the message names the offending entry.
 *
 * @example
 * ```ts
 * percentWeights(["33.33", "33.33", "33.34"]); // [3333n, 3333n, 3334n]
 * percentWeights(["50", "50.0"]); // [50n, 50n]
 * ```
 */
export function percentWeights(percents: readonly string[], path?: string): bigint[] {
  const parsed = percents.map((percent, index) => {
    const match = typeof percent === "string" ? PERCENT.exec(percent) : null;
    if (match === null) {
      throw new MoneyError(
        "split.invalid_percent",
        `percent ${quote(percent)} at index ${index} is not a decimal number ≥ 0 like "33.33"`,
        path,
      );
    }
    const [, whole, rawFraction = ""] = match;
    const fraction = rawFraction.replace(/0+$/, "");
    if (fraction.length > MAX_PERCENT_DECIMALS) {
      throw new MoneyError(
        "split.invalid_percent",
        `percent ${
          quote(percent)
        } at index ${index} has more than ${MAX_PERCENT_DECIMALS} decimal places`,
        path,
      );
    }
    return { whole, fraction };
  });
  const scale = Math.max(0, ...parsed.map((p) => p.fraction.length));
  const weights = parsed.map((p) => BigInt(p.whole + p.fraction.padEnd(scale, "0")));
  const sum = weights.reduce((a, b) => a + b, 0n);
  const hundred = 100n * 10n ** BigInt(scale);
  if (sum !== hundred) {
    throw new MoneyError(
      "split.percent_sum",
      `percentages sum to ${decimal(sum, scale)}, not 100`,
      path,
    );
  }
  return weights;
}

function decimal(value: bigint, scale: number): string {
  const digits = value.toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}
