/**
 * Queries on the balances read model.
 *
 * @module
 */
import type { Sql } from "../../_deps.ts";

/** A member's totals in group minor units. */
export interface MemberTotalsView {
  readonly memberId: string;
  readonly paid: bigint;
  readonly owed: bigint;
}

/** A group's currency and its members' totals (joining order), or null when unknown. */
export async function groupTotals(
  sql: Sql,
  groupId: string,
): Promise<{ currency: string; members: MemberTotalsView[] } | null> {
  const [group] = await sql<{ currency: string }[]>`
    SELECT currency FROM rm_balance_groups WHERE group_id = ${groupId}::uuid`;
  if (!group) return null;
  const rows = await sql<{ memberId: string; paid: string; owed: string }[]>`
    SELECT member_id::text AS "memberId", paid::text AS paid, owed::text AS owed
    FROM rm_balances WHERE group_id = ${groupId}::uuid
    ORDER BY joined_version NULLS LAST, member_id`;
  return {
    currency: group.currency,
    members: rows.map((r) => ({
      memberId: r.memberId,
      paid: BigInt(r.paid),
      owed: BigInt(r.owed),
    })),
  };
}
