import { allocate } from "./allocate.ts";
import { MoneyError } from "./money_error.ts";

/**
 * The shares of an `adjustment` split (API rule 4, docs/api.md): an equal split plus or
 * minus a fixed amount per person.
 *
 * `adjustments` are in the sense of the total: for a total T and
 * adjustments a₁…aₙ, the rest R = |T| − Σaᵢ is split equally by largest
 * remainder (`allocate(R, [1, …, 1])`, ties to the earlier person) and
 * person i gets eᵢ + aᵢ; for a negative T (a refund) every share is then
 * negated, so a refund is the exact mirror of the same positive expense.
 * The shares sum exactly to T and each differs from its equal part by
 * exactly aᵢ. A share of the opposite sign to T (an adjustment that takes
 * more than a person's equal part) is refused with `split.adjustment_sign`,
 * naming the index of the first such person.
 *
 * @example
 * ```ts
 * adjustmentShares(10000n, [500n, 0n, -500n]); // [3834n, 3333n, 2833n]
 * adjustmentShares(-10000n, [500n, 0n, -500n]); // [-3834n, -3333n, -2833n]
 * ```
 */
export function adjustmentShares(total: bigint, adjustments: readonly bigint[]): bigint[] {
  if (adjustments.length === 0) {
    throw new MoneyError("allocation.invalid_weights", "an adjustment split needs a person");
  }
  const magnitude = total < 0n ? -total : total;
  const rest = magnitude - adjustments.reduce((a, b) => a + b, 0n);
  const equal = allocate(rest, adjustments.map(() => 1n));
  const shares = equal.map((e, i) => e + adjustments[i]);
  const bad = shares.findIndex((s) => s < 0n);
  if (bad >= 0) {
    throw new MoneyError(
      "split.adjustment_sign",
      `the adjustment at index ${bad} leaves that person a share of the opposite sign to the total`,
    );
  }
  return total < 0n ? shares.map((s) => -s) : shares;
}
