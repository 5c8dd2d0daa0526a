/**
 * What the expense form says is left to assign: the payers' or the exact split's amounts against
 * the total, the percentages' sum, and the "fill equally" percentages.
 *
 * @module
 */
import { equalPercents, formatScaled, parseAmount, splitEven } from "#lib/money/mod.ts";
import { typedDecimal } from "./typed_amount.ts";

/** The total minus the amounts (minor units); null when the total or an amount does not read. */
export function leftToAssign(totalMinor: bigint | null, amounts: readonly string[], currency: string): bigint | null {
  if (totalMinor === null) return null;
  let sum = 0n;
  for (const a of amounts) {
    try {
      sum += parseAmount(a, currency);
    } catch {
      return null;
    }
  }
  return totalMinor - sum;
}

/** The percentages' sum, to six decimals; what does not read counts 0. */
export function percentTotal(percents: readonly string[]): number {
  let sum = 0;
  for (const p of percents) sum += Number(p) || 0;
  return Math.round(sum * 1e6) / 1e6;
}

/**
 * "Fill equally" in percent mode: percentages (as typed) whose allocation is the equal split of
 * the amount, to the cent (not 33.34 % of a large amount); `exact` is false when no such
 * percentages exist (or the amount is unknown) and the even percentages are given instead.
 */
export function filledPercents(totalMinor: bigint | null, ids: readonly string[]): { values: Record<string, string>; exact: boolean } {
  const parts = equalPercents(totalMinor, ids.length);
  const values = Object.fromEntries(ids.map((id, i) => [id, typedDecimal(parts ? parts[i] : formatScaled(splitEven(100_000_000n, ids.length)[i], 6))]));
  return { values, exact: parts !== null };
}
