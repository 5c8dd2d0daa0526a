/**
 * Balances of a group as the API shows them, from the folded state: used by
 * time travel (balances as of an instant) and by tests that check the read
 * model against the fold.
 *
 * @module
 */
import { settleUp, type Transfer } from "../ledger/settle_up.ts";
import type { GroupState } from "./state.ts";

/** One member's line of the balances. */
export interface MemberBalance {
  readonly memberId: string;
  readonly paid: bigint;
  readonly owed: bigint;
  readonly balance: bigint;
}

/** Balances of every member (in the order they joined) and the settle-up plan. */
export interface GroupBalances {
  readonly currency: string;
  readonly members: readonly MemberBalance[];
  readonly settleUp: readonly Transfer[];
}

/** Balances and the settle-up plan of a folded group. */
export function groupBalances(state: GroupState): GroupBalances {
  const members = [...state.members.keys()].map((memberId) => {
    const t = state.totals.get(memberId) ?? { paid: 0n, owed: 0n };
    return { memberId, paid: t.paid, owed: t.owed, balance: t.paid - t.owed };
  });
  return {
    currency: state.currency,
    members,
    settleUp: settleUp(members.map((m) => [m.memberId, m.balance] as const)),
  };
}
