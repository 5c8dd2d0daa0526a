import { MoneyError } from "./errors.ts";

/**
 * Splits `total` minor units over `weights` by largest remainder (API.md rule 1):
 * each entry gets ⌊T·wᵢ/W⌋, the leftover units go one each to the largest
 * remainders T·wᵢ mod W, ties to the earlier entry. A negative total is
 * allocated as its magnitude and negated.
 *
 * @example
 * ```ts
 * allocate(100n, [1n, 1n, 1n]); // [34n, 33n, 33n]
 * ```
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  let sum = 0n;
  for (const w of weights) {
    if (w < 0n) throw new MoneyError("allocation.invalid_weights", "weights must not be negative");
    sum += w;
  }
  if (sum === 0n) {
    throw new MoneyError("allocation.invalid_weights", "weights must have a positive sum");
  }
  const magnitude = total < 0n ? -total : total;
  const shares = weights.map((w) => (magnitude * w) / sum);
  const remainders = weights.map((w) => (magnitude * w) % sum);
  let leftover = magnitude - shares.reduce((a, b) => a + b, 0n);
  const order = weights.map((_, i) => i).sort((a, b) =>
    remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1
  );
  for (const i of order) {
    if (leftover === 0n) break;
    shares[i] += 1n;
    leftover -= 1n;
  }
  return total < 0n ? shares.map((s) => -s) : shares;
}
