/**
 * Debts as incurred, pair by pair: the settle-up plan of a group that does
 * not simplify debts (rounding rule 4 of docs/api.md).
 *
 * Each expense makes each sharer owe each payer: the sharers in the order the
 * expense lists them, each one's share is allocated (largest remainder) over
 * what each payer paid and is not yet covered by earlier sharers, so that the
 * pairs of one expense add up exactly to what each paid and owes. A settlement
 * is the same rule with one payer (the sender) and one sharer (the receiver),
 * so it lowers the sender's debt to the receiver. A member's own part (a payer
 * who also shares) is no debt. The pairs are netted: between two members only
 * the difference is left.
 *
 * @module
 */
import { allocate } from "../money/allocate.ts";
import { MoneyError } from "../money/money_error.ts";
import type { Transfer } from "./settle_up.ts";

/** `from` owes `to` `amount` minor units (any sign before netting). */
export interface PairDebt {
  readonly from: string;
  readonly to: string;
  readonly amount: bigint;
}

/**
 * Moves negative amounts to the other side (a member who paid −x is one who
 * owes x), so that both sides are ≥ 0 and the member's net stays the same.
 */
function sides(
  paid: Iterable<readonly [string, bigint]>,
  owed: Iterable<readonly [string, bigint]>,
): { payers: [string, bigint][]; sharers: [string, bigint][] } {
  const payers: [string, bigint][] = [];
  const sharers: [string, bigint][] = [];
  for (const [m, v] of paid) {
    if (v > 0n) payers.push([m, v]);
    else if (v < 0n) sharers.push([m, -v]);
  }
  for (const [m, v] of owed) {
    if (v > 0n) sharers.push([m, v]);
    else if (v < 0n) payers.push([m, -v]);
  }
  return { payers, sharers };
}

/**
 * The pair debts of one expense or settlement: who owes whom what, from the
 * amounts each member paid and owes in it (which must sum to the same total,
 * else `ledger.unbalanced`). Self-debts are left out; the same pair may be
 * listed more than once.
 *
 * @example
 * ```ts
 * entryPairDebts([["ana", 90n]], [["ana", 30n], ["ben", 30n], ["cem", 30n]]);
 * // [{ from: "ben", to: "ana", amount: 30n }, { from: "cem", to: "ana", amount: 30n }]
 * ```
 */
export function entryPairDebts(
  paid: Iterable<readonly [memberId: string, amount: bigint]>,
  owed: Iterable<readonly [memberId: string, amount: bigint]>,
): PairDebt[] {
  const { payers, sharers } = sides(paid, owed);
  const left = payers.map(([, v]) => v);
  let remaining = left.reduce((a, b) => a + b, 0n);
  const shareSum = sharers.reduce((a, [, v]) => a + v, 0n);
  if (remaining !== shareSum) {
    throw new MoneyError("ledger.unbalanced", `paid ${remaining} but owed ${shareSum}`);
  }
  const debts: PairDebt[] = [];
  for (const [sharer, share] of sharers) {
    // share ≤ remaining, so no payer is given more than it has left (⌈share·lᵢ/L⌉ ≤ lᵢ).
    const parts = allocate(share, left);
    parts.forEach((part, i) => {
      left[i] -= part;
      const payer = payers[i][0];
      if (part > 0n && payer !== sharer) debts.push({ from: sharer, to: payer, amount: part });
    });
    remaining -= share;
    if (remaining === 0n) break;
  }
  return debts;
}

/** The key of an unordered pair and the sign a debt `from → to` has under it. */
export function pairKey(from: string, to: string): { lo: string; hi: string; sign: 1n | -1n } {
  return from < to ? { lo: from, hi: to, sign: 1n } : { lo: to, hi: from, sign: -1n };
}

/**
 * Adds `sign` × the debts into `net` (key `lo\u0000hi` → what `lo` owes `hi`,
 * negative when `hi` owes `lo`), dropping pairs that come to zero.
 */
export function addPairDebts(
  net: Map<string, bigint>,
  debts: Iterable<PairDebt>,
  sign: 1n | -1n = 1n,
): Map<string, bigint> {
  for (const d of debts) {
    const k = pairKey(d.from, d.to);
    const key = `${k.lo}\u0000${k.hi}`;
    const v = (net.get(key) ?? 0n) + sign * k.sign * d.amount;
    if (v === 0n) net.delete(key);
    else net.set(key, v);
  }
  return net;
}

/**
 * The settle-up plan without simplification: one transfer per pair of members
 * whose debts do not cancel, the debtor paying the creditor the difference;
 * the largest amounts first, then by the debtor's and the creditor's id (code
 * unit order), so the same debts always give the same plan.
 *
 * @example
 * ```ts
 * pairwisePlan([{ from: "ben", to: "ana", amount: 30n }, { from: "ana", to: "ben", amount: 10n }]);
 * // [{ from: "ben", to: "ana", amount: 20n }]
 * ```
 */
export function pairwisePlan(debts: Iterable<PairDebt>): Transfer[] {
  const net = addPairDebts(new Map(), debts);
  const plan: Transfer[] = [];
  for (const [key, v] of net) {
    const [lo, hi] = key.split("\u0000");
    plan.push(v > 0n ? { from: lo, to: hi, amount: v } : { from: hi, to: lo, amount: -v });
  }
  return plan.sort((a, b) =>
    a.amount !== b.amount
      ? (a.amount > b.amount ? -1 : 1)
      : a.from !== b.from
      ? (a.from < b.from ? -1 : 1)
      : a.to < b.to
      ? -1
      : a.to > b.to
      ? 1
      : 0
  );
}
