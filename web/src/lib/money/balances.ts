/**
 * Optimistic balances: the server's balances, moved by what still waits in
 * the outbox, in bigint minor units of the group currency.
 *
 * @module
 */
import { formatAmount, parseAmount } from "$domain/money/mod.ts";
import { settleUp } from "$domain/ledger/mod.ts";

/** A balances line as the API answers it. */
export interface BalanceLine {
  memberId: string;
  paid: { amount: string; currency: string };
  owed: { amount: string; currency: string };
  balance: { amount: string; currency: string };
}

/** A change to balances: minor units paid and owed per member (either may be negative). */
export interface Delta {
  readonly paid: ReadonlyMap<string, bigint>;
  readonly owed: ReadonlyMap<string, bigint>;
}

/** An empty delta to add to. */
export function emptyDelta(): { paid: Map<string, bigint>; owed: Map<string, bigint> } {
  return { paid: new Map(), owed: new Map() };
}

/** Adds `sign` × an effect (paid and owed by member) into `delta`. */
export function addEffect(
  delta: { paid: Map<string, bigint>; owed: Map<string, bigint> },
  paid: readonly { memberId: string; minor: bigint }[],
  owed: readonly { memberId: string; minor: bigint }[],
  sign: 1n | -1n,
): void {
  for (const p of paid) delta.paid.set(p.memberId, (delta.paid.get(p.memberId) ?? 0n) + sign * p.minor);
  for (const o of owed) delta.owed.set(o.memberId, (delta.owed.get(o.memberId) ?? 0n) + sign * o.minor);
}

/**
 * Applies a delta to the server's lines and recomputes the settle-up plan.
 * Members only in the delta get a line. Balances still sum to zero.
 */
export function applyDelta(
  currency: string,
  lines: readonly BalanceLine[],
  delta: Delta,
): { members: BalanceLine[]; settleUp: { from: string; to: string; amount: { amount: string; currency: string } }[] } {
  const ids = [...lines.map((l) => l.memberId)];
  for (const id of [...delta.paid.keys(), ...delta.owed.keys()]) if (!ids.includes(id)) ids.push(id);
  const byId = new Map(lines.map((l) => [l.memberId, l]));
  const money = (minor: bigint) => ({ amount: formatAmount(minor, currency), currency });
  const members = ids.map((id) => {
    const l = byId.get(id);
    const paid = (l ? parseAmount(l.paid.amount, currency) : 0n) + (delta.paid.get(id) ?? 0n);
    const owed = (l ? parseAmount(l.owed.amount, currency) : 0n) + (delta.owed.get(id) ?? 0n);
    return { memberId: id, paid: money(paid), owed: money(owed), balance: money(paid - owed) };
  });
  const plan = settleUp(members.map((m) => [m.memberId, parseAmount(m.balance.amount, currency)] as const));
  return {
    members,
    settleUp: plan.map((t) => ({ from: t.from, to: t.to, amount: money(t.amount) })),
  };
}
