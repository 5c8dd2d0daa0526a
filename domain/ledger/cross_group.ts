/**
 * Balances across groups (`GET /v1/me/balances`): for each of a person's
 * groups, the group's settle-up plan (the same plan the group's balances
 * show), and of it the transfers where the person pays or is paid, summed
 * per counterpart and currency. A counterpart bound to a user is one person
 * across groups (by user id); a placeholder is a person of its group only.
 * Pure: amounts are minor units of each group's currency.
 *
 * @module
 */
import { settleUp, type Transfer } from "./settle_up.ts";

/** A member's totals in one group. */
export interface CrossGroupMember {
  readonly memberId: string;
  readonly userId: string | null;
  readonly name: string;
  readonly paid: bigint;
  readonly owed: bigint;
}

/** One of the person's groups: its members' totals and which member the person is. */
export interface CrossGroupInput {
  readonly groupId: string;
  readonly name: string;
  readonly currency: string;
  /** The person's member in this group. */
  readonly me: string;
  readonly members: readonly CrossGroupMember[];
}

/** A counterpart: a user (across groups) or a placeholder member (of one group). */
export interface Counterpart {
  readonly userId: string | null;
  readonly memberId: string | null;
  readonly name: string;
}

/** What the person and one counterpart owe each other in one currency. */
export interface CrossGroupLine {
  readonly person: Counterpart;
  readonly currency: string;
  /** What the person pays them (≥ 0). */
  owes: bigint;
  /** What they pay the person (≥ 0). */
  owed: bigint;
  /** Each group's part, positive when the person gets money; in group order. */
  readonly groups: { groupId: string; name: string; amount: bigint }[];
}

/** The plan of one group: by default the greedy {@linkcode settleUp} of its balances. */
export type PlanOf = (group: CrossGroupInput) => readonly Transfer[];

/** The settle-up plan the group's balances route shows. */
export const defaultPlan: PlanOf = (group) =>
  settleUp(group.members.map((m) => [m.memberId, m.paid - m.owed] as const));

/**
 * The person's lines, per counterpart and currency, in the order first met
 * (groups in the order given, transfers in plan order). A counterpart bound
 * to the person's own user (never the case for a well-formed group) is left out.
 */
export function crossGroupBalances(
  groups: readonly CrossGroupInput[],
  myUserId: string,
  planOf: PlanOf = defaultPlan,
): CrossGroupLine[] {
  const lines = new Map<string, CrossGroupLine>();
  for (const group of groups) {
    const byId = new Map(group.members.map((m) => [m.memberId, m]));
    for (const t of planOf(group)) {
      const mine = t.from === group.me ? -1n : t.to === group.me ? 1n : 0n;
      if (mine === 0n) continue;
      const other = byId.get(mine < 0n ? t.to : t.from);
      if (!other || other.userId === myUserId) continue;
      const key = other.userId !== null
        ? `u/${other.userId}/${group.currency}`
        : `m/${group.groupId}/${other.memberId}/${group.currency}`;
      let line = lines.get(key);
      if (!line) {
        line = {
          person: {
            userId: other.userId,
            memberId: other.userId === null ? other.memberId : null,
            name: other.name,
          },
          currency: group.currency,
          owes: 0n,
          owed: 0n,
          groups: [],
        };
        lines.set(key, line);
      }
      if (mine < 0n) line.owes += t.amount;
      else line.owed += t.amount;
      const part = line.groups.find((g) => g.groupId === group.groupId);
      if (part) part.amount += mine * t.amount;
      else line.groups.push({ groupId: group.groupId, name: group.name, amount: mine * t.amount });
    }
  }
  return [...lines.values()];
}

/** Per currency: what the person owes and is owed in all (currencies in the order first met). */
export function crossGroupTotals(
  lines: readonly CrossGroupLine[],
): { currency: string; owes: bigint; owed: bigint }[] {
  const totals = new Map<string, { currency: string; owes: bigint; owed: bigint }>();
  for (const l of lines) {
    let t = totals.get(l.currency);
    if (!t) totals.set(l.currency, t = { currency: l.currency, owes: 0n, owed: 0n });
    t.owes += l.owes;
    t.owed += l.owed;
  }
  return [...totals.values()];
}
