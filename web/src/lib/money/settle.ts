/** One transfer of a settle-up plan: `from` pays `to` `amount` minor units. */
export interface Transfer {
  readonly from: string;
  readonly to: string;
  readonly amount: bigint;
}

interface Party {
  readonly memberId: string;
  readonly index: number;
  remaining: bigint;
}

function largest(parties: Party[]): Party | undefined {
  let best: Party | undefined;
  for (const p of parties) {
    if (p.remaining === 0n) continue;
    if (!best || p.remaining > best.remaining || (p.remaining === best.remaining && p.index < best.index)) {
      best = p;
    }
  }
  return best;
}

/**
 * The server's greedy settle-up plan (`domain/ledger/settle_up.ts`): the
 * largest debtor pays the largest creditor, ties to the earlier member. Used
 * for optimistic balances while writes wait in the outbox.
 */
export function settleUp(balances: ReadonlyArray<readonly [string, bigint]>): Transfer[] {
  const debtors: Party[] = [];
  const creditors: Party[] = [];
  balances.forEach(([memberId, balance], index) => {
    if (balance < 0n) debtors.push({ memberId, index, remaining: -balance });
    if (balance > 0n) creditors.push({ memberId, index, remaining: balance });
  });
  const transfers: Transfer[] = [];
  for (;;) {
    const d = largest(debtors);
    const c = largest(creditors);
    if (!d || !c) return transfers;
    const amount = d.remaining < c.remaining ? d.remaining : c.remaining;
    transfers.push({ from: d.memberId, to: c.memberId, amount });
    d.remaining -= amount;
    c.remaining -= amount;
  }
}
