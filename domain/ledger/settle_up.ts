import { MoneyError } from "../money/money_error.ts";

/** One payment that settles debts: `from` pays `to` `amount` minor units (> 0). */
export interface Transfer {
  /** The member who pays (a debtor). */
  readonly from: string;
  /** The member who is paid (a creditor). */
  readonly to: string;
  /** Minor units of the group currency, always > 0. */
  readonly amount: bigint;
}

interface Party {
  readonly memberId: string;
  readonly index: number;
  remaining: bigint;
}

/**
 * A short list of transfers that clears every balance.
 *
 * A positive balance is owed money (creditor), a negative one owes money
 * (debtor); the balances must sum to zero (else `ledger.unbalanced`) and name
 * each member once (else `ledger.duplicate_member`). Greedy: the largest
 * remaining debtor pays the largest remaining creditor as much as settles one
 * of them, ties going to the member earlier in the input, so the same input
 * always gives the same plan. Each transfer clears at least one member, so
 * there are at most n − 1 transfers for n members with a non-zero balance.
 *
 * @example
 * ```ts
 * settleUp([["ana", 600n], ["ben", -400n], ["cem", -200n]]);
 * // [{ from: "ben", to: "ana", amount: 400n }, { from: "cem", to: "ana", amount: 200n }]
 * ```
 */
export function settleUp(
  balances: ReadonlyArray<readonly [memberId: string, balance: bigint]>,
): Transfer[] {
  const seen = new Set<string>();
  let sum = 0n;
  const debtors: Party[] = [];
  const creditors: Party[] = [];
  balances.forEach(([memberId, balance], index) => {
    if (seen.has(memberId)) {
      throw new MoneyError("ledger.duplicate_member", `member "${memberId}" is listed twice`);
    }
    seen.add(memberId);
    sum += balance;
    if (balance < 0n) debtors.push({ memberId, index, remaining: -balance });
    if (balance > 0n) creditors.push({ memberId, index, remaining: balance });
  });
  if (sum !== 0n) {
    throw new MoneyError("ledger.unbalanced", `balances sum to ${sum} minor units, not zero`);
  }
  const transfers: Transfer[] = [];
  for (;;) {
    const debtor = largest(debtors);
    const creditor = largest(creditors);
    if (debtor === undefined || creditor === undefined) return transfers;
    const amount = debtor.remaining < creditor.remaining ? debtor.remaining : creditor.remaining;
    transfers.push({ from: debtor.memberId, to: creditor.memberId, amount });
    debtor.remaining -= amount;
    creditor.remaining -= amount;
  }
}

/** The party with the most left to settle, the earliest on ties; undefined when all are settled. */
function largest(parties: readonly Party[]): Party | undefined {
  let best: Party | undefined;
  for (const party of parties) {
    // Parties are in input order, so a strict ">" keeps the earliest on ties.
    if (party.remaining > 0n && (best === undefined || party.remaining > best.remaining)) {
      best = party;
    }
  }
  return best;
}
