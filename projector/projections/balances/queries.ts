/**
 * Queries on the balances read model.
 *
 * @module
 */
import type { PaymentHandle } from "@kopek/domain";
import type { Sql } from "../../_deps.ts";

/** A member's totals in group minor units. */
export interface MemberTotalsView {
  readonly memberId: string;
  readonly paid: bigint;
  readonly owed: bigint;
}

/**
 * A group's currency, whether it simplifies debts, and its members' totals
 * (joining order), or null when unknown.
 */
export async function groupTotals(
  sql: Sql,
  groupId: string,
): Promise<{ currency: string; simplifyDebts: boolean; members: MemberTotalsView[] } | null> {
  const [group] = await sql<{ currency: string; simplifyDebts: boolean }[]>`
    SELECT currency, simplify_debts AS "simplifyDebts"
    FROM rm_balance_groups WHERE group_id = ${groupId}::uuid`;
  if (!group) return null;
  const rows = await sql<{ memberId: string; paid: string; owed: string }[]>`
    SELECT member_id::text AS "memberId", paid::text AS paid, owed::text AS owed
    FROM rm_balances WHERE group_id = ${groupId}::uuid
    ORDER BY joined_version NULLS LAST, member_id`;
  return {
    currency: group.currency,
    simplifyDebts: group.simplifyDebts,
    members: rows.map((r) => ({
      memberId: r.memberId,
      paid: BigInt(r.paid),
      owed: BigInt(r.owed),
    })),
  };
}

/**
 * Each pair's net debt that is not zero, keyed `lo\u0000hi` (what `lo` owes
 * `hi`), as `planOfPairDebts` of the domain takes it. At most one row per
 * pair of the group's members.
 */
export async function groupPairDebts(sql: Sql, groupId: string): Promise<Map<string, bigint>> {
  const rows = await sql<{ lo: string; hi: string; amount: string }[]>`
    SELECT lo::text AS lo, hi::text AS hi, amount::text AS amount
    FROM rm_balance_pairs WHERE group_id = ${groupId}::uuid AND amount <> 0`;
  return new Map(rows.map((r) => [`${r.lo}\u0000${r.hi}`, BigInt(r.amount)]));
}

/**
 * Of these groups, those whose plan does not simplify debts (ADR 0052), each with its pairs' net
 * debts as {@linkcode groupPairDebts} gives them (an empty map when nothing is owed). One query
 * for every group, for the balances across groups.
 */
export async function unsimplifiedPairDebts(
  sql: Sql,
  groupIds: readonly string[],
): Promise<Map<string, Map<string, bigint>>> {
  const out = new Map<string, Map<string, bigint>>();
  if (groupIds.length === 0) return out;
  const rows = await sql<
    { groupId: string; lo: string | null; hi: string | null; amount: string | null }[]
  >`
    SELECT g.group_id::text AS "groupId", p.lo::text AS lo, p.hi::text AS hi,
           p.amount::text AS amount
    FROM rm_balance_groups g
    LEFT JOIN rm_balance_pairs p ON p.group_id = g.group_id AND p.amount <> 0
    WHERE g.group_id = ANY(${groupIds as string[]}::uuid[]) AND NOT g.simplify_debts`;
  for (const r of rows) {
    let pairs = out.get(r.groupId);
    if (!pairs) out.set(r.groupId, pairs = new Map());
    if (r.lo !== null && r.hi !== null && r.amount !== null) {
      pairs.set(`${r.lo}\u0000${r.hi}`, BigInt(r.amount));
    }
  }
  return out;
}

/** One member's handles as the read route shows them. */
export interface MemberHandlesView {
  readonly memberId: string;
  readonly handles: PaymentHandle[];
  /** The handles' revision (0: never set), their ETag for `PUT … payment-handles`. */
  readonly version: number;
}

/** Every member's handles that were ever set (maybe empty now), in member id order. */
export async function groupPaymentHandles(
  sql: Sql,
  groupId: string,
): Promise<MemberHandlesView[]> {
  const rows = await sql<{ memberId: string; handles: PaymentHandle[]; version: number }[]>`
    SELECT member_id::text AS "memberId", handles, revision AS version
    FROM rm_payment_handles WHERE group_id = ${groupId}::uuid
    ORDER BY member_id`;
  return rows.map((r) => ({ ...r }));
}

/** Whether the group's settle-up plan simplifies debts (true for a group not known yet). */
export async function groupSimplifiesDebts(sql: Sql, groupId: string): Promise<boolean> {
  const [row] = await sql<{ simplify: boolean }[]>`
    SELECT simplify_debts AS simplify FROM rm_balance_groups WHERE group_id = ${groupId}::uuid`;
  return row?.simplify ?? true;
}

/** One of a user's groups with its members' totals, for balances across groups. */
export interface UserGroupTotals {
  readonly groupId: string;
  readonly name: string;
  readonly currency: string;
  /** The user's member in the group. */
  readonly me: string;
  readonly members: {
    memberId: string;
    userId: string | null;
    name: string;
    paid: bigint;
    owed: bigint;
  }[];
}

/**
 * The groups the user is an active member of (as the access read model says,
 * leaving out a group quarantined for it: fail closed), by name then id, at
 * most `limit`, each with every member's totals (joining order), name and user.
 */
export async function userGroupTotals(
  sql: Sql,
  userId: string,
  limit: number,
): Promise<UserGroupTotals[]> {
  const rows = await sql<{
    groupId: string;
    groupName: string;
    currency: string;
    me: string;
    memberId: string;
    userId: string | null;
    name: string | null;
    paid: string;
    owed: string;
  }[]>`
    WITH mine AS (
      SELECT a.group_id, a.member_id, g.name
      FROM rm_access a
      JOIN rm_groups g ON g.group_id = a.group_id
      WHERE a.user_id = ${userId}::uuid AND a.active
        AND NOT EXISTS (
          SELECT 1 FROM projector_quarantine q
          WHERE q.projection = 'access' AND q.stream = 'group-' || a.group_id::text)
      ORDER BY g.name, a.group_id
      LIMIT ${limit}
    )
    SELECT mine.group_id::text AS "groupId", mine.name AS "groupName", bg.currency,
           mine.member_id::text AS me, b.member_id::text AS "memberId",
           m.user_id::text AS "userId", m.name, b.paid::text AS paid, b.owed::text AS owed
    FROM mine
    JOIN rm_balance_groups bg ON bg.group_id = mine.group_id
    JOIN rm_balances b ON b.group_id = mine.group_id
    LEFT JOIN rm_members m ON m.group_id = b.group_id AND m.member_id = b.member_id
    ORDER BY mine.name, mine.group_id, b.joined_version NULLS LAST, b.member_id`;
  const groups: UserGroupTotals[] = [];
  for (const r of rows) {
    let g = groups.at(-1);
    if (!g || g.groupId !== r.groupId) {
      g = { groupId: r.groupId, name: r.groupName, currency: r.currency, me: r.me, members: [] };
      groups.push(g);
    }
    g.members.push({
      memberId: r.memberId,
      userId: r.userId,
      name: r.name ?? "",
      paid: BigInt(r.paid),
      owed: BigInt(r.owed),
    });
  }
  return groups;
}
