/**
 * Balances of a group as the API shows them, from the folded state: used by
 * time travel (balances as of an instant) and by tests that check the read
 * model against the fold.
 *
 * @module
 */
import { settleUp, type Transfer } from "../ledger/settle_up.ts";
import { addPairDebts, entryPairDebts, pairwisePlan } from "../ledger/pairwise.ts";
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
  /** Whether `settleUp` is the simplified plan (else each pair's net debt as incurred). */
  readonly simplifyDebts: boolean;
}

/**
 * Each pair's net debt over the entries that are not voided: what `lo` owes
 * `hi` by `lo\u0000hi` (negative when `hi` owes `lo`), as the balances read
 * model keeps it.
 */
export function groupPairDebts(state: GroupState): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const entry of state.entries.values()) {
    if (!entry.voided) addPairDebts(net, entryPairDebts(entry.effect.paid, entry.effect.owed));
  }
  return net;
}

/** The plan of pair debts kept as {@linkcode groupPairDebts} gives them. */
export function planOfPairDebts(net: ReadonlyMap<string, bigint>): Transfer[] {
  return pairwisePlan([...net].map(([key, amount]) => {
    const [from, to] = key.split("\u0000");
    return { from, to, amount };
  }));
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
    settleUp: state.simplifyDebts
      ? settleUp(members.map((m) => [m.memberId, m.balance] as const))
      : planOfPairDebts(groupPairDebts(state)),
    simplifyDebts: state.simplifyDebts,
  };
}
