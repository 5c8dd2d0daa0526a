import type { Transfer } from "./settle_up.ts";

/**
 * Whether the values add up to exactly zero (an empty list does).
 *
 * @example
 * ```ts
 * sumToZero([500n, -300n, -200n]); // true
 * ```
 */
export function sumToZero(values: Iterable<bigint>): boolean {
  let sum = 0n;
  for (const value of values) sum += value;
  return sum === 0n;
}

/**
 * The balances after the transfers are made, as a new map (the input is not
 * touched). Paying raises the payer's balance and lowers the payee's, as a
 * settlement does (balance = paid − owed). A member missing from `balances`
 * starts at 0n; a member listed twice gets the sum of its entries.
 *
 * @example
 * ```ts
 * applyTransfers([["ana", -500n], ["ben", 500n]], [{ from: "ana", to: "ben", amount: 500n }]);
 * // Map { "ana" => 0n, "ben" => 0n }
 * ```
 */
export function applyTransfers(
  balances: Iterable<readonly [memberId: string, balance: bigint]>,
  transfers: Iterable<Transfer>,
): Map<string, bigint> {
  const result = new Map<string, bigint>();
  const add = (memberId: string, delta: bigint) =>
    result.set(memberId, (result.get(memberId) ?? 0n) + delta);
  for (const [memberId, balance] of balances) add(memberId, balance);
  for (const { from, to, amount } of transfers) {
    add(from, amount);
    add(to, -amount);
  }
  return result;
}
