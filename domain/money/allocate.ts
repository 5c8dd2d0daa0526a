import { MoneyError } from "./money_error.ts";

/**
 * Splits `total` minor units over `weights` by largest remainder (API rule 1).
 *
 * Each entry gets ⌊T·wᵢ/W⌋; the T − Σ⌊…⌋ leftover units go one each to the
 * entries with the largest remainders T·wᵢ mod W, ties to the earlier entry.
 * The result always sums exactly to `total`, zero weights get 0, and every
 * share is within one unit of its exact proportional value.
 *
 * A negative total is allocated as |T| and each share negated, so a refund
 * splits as the mirror image of the expense. Weights must be ≥ 0 with a
 * positive sum, else `allocation.invalid_weights`.
 *
 * @example
 * ```ts
 * allocate(100n, [1n, 1n, 1n]); // [34n, 33n, 33n]
 * allocate(-100n, [1n, 1n, 1n]); // [-34n, -33n, -33n]
 * allocate(1000n, [3333n, 3333n, 3334n]); // [333n, 333n, 334n]
 * ```
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  let sum = 0n;
  for (const weight of weights) {
    if (weight < 0n) {
      throw new MoneyError("allocation.invalid_weights", "weights must not be negative");
    }
    sum += weight;
  }
  if (sum === 0n) {
    throw new MoneyError("allocation.invalid_weights", "weights must have a positive sum");
  }
  const magnitude = total < 0n ? -total : total;
  const shares = weights.map((weight) => (magnitude * weight) / sum);
  const remainders = weights.map((weight) => (magnitude * weight) % sum);
  let leftover = magnitude - shares.reduce((a, b) => a + b, 0n);
  // Leftover < number of non-zero remainders, so zero weights never get a unit.
  const order = weights
    .map((_, index) => index)
    .sort((
      a,
      b,
    ) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
  for (const index of order) {
    if (leftover === 0n) break;
    shares[index] += 1n;
    leftover -= 1n;
  }
  return total < 0n ? shares.map((share) => -share) : shares;
}
