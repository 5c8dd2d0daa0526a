import { MoneyError } from "./errors.ts";

const MAX_PERCENT_DECIMALS = 6;
const PERCENT = /^([0-9]+)(?:\.([0-9]+))?$/;

/**
 * The integer allocation weights of a `percent` split: the percentages scaled
 * by the smallest power of ten that makes them all integers; they must sum to
 * exactly 100 (`split.percent_sum`).
 *
 * @example
 * ```ts
 * percentWeights(["33.33", "33.33", "33.34"]); // [3333n, 3333n, 3334n]
 * ```
 */
export function percentWeights(percents: readonly string[], path?: string): bigint[] {
  const parsed = percents.map((p, i) => {
    const m = PERCENT.exec(p);
    if (!m) {
      throw new MoneyError(
        "split.invalid_percent",
        `percent "${p}" (entry ${i + 1}) is not a number ≥ 0 like 33.33`,
        path,
      );
    }
    const fraction = (m[2] ?? "").replace(/0+$/, "");
    if (fraction.length > MAX_PERCENT_DECIMALS) {
      throw new MoneyError(
        "split.invalid_percent",
        `percent "${p}" has more than ${MAX_PERCENT_DECIMALS} decimal places`,
        path,
      );
    }
    return { whole: m[1], fraction };
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

/** `value / 10^scale` as a trimmed decimal string. */
export function decimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return (negative ? "-" : "") + (fraction === "" ? whole : `${whole}.${fraction}`);
}
