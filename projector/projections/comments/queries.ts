/**
 * Queries on the comments read model, for query-api.
 *
 * @module
 */
import type { Sql } from "../../_deps.ts";

/** A comment with its author's name as the groups read model knows it now. */
export interface CommentView {
  readonly id: string;
  readonly expenseId: string;
  readonly memberId: string;
  /** The author's current name ("" when the groups read model has no such member). */
  readonly authorName: string;
  readonly text: string;
  /** RFC 3339. */
  readonly at: string;
  /** The event's global position: the list's order and cursor. */
  readonly position: number;
}

/**
 * The comments on an expense, oldest first (by position), at most `limit`
 * after the position `after` (null: from the oldest).
 */
export async function listComments(
  sql: Sql,
  groupId: string,
  expenseId: string,
  options: { limit: number; after: number | null },
): Promise<CommentView[]> {
  const rows = await sql<{
    id: string;
    expenseId: string;
    memberId: string;
    authorName: string | null;
    text: string;
    at: string;
    position: string;
  }[]>`
    SELECT c.comment_id::text AS id, c.expense_id::text AS "expenseId",
           c.member_id::text AS "memberId", m.name AS "authorName", c.text, c.at,
           c.position::text AS position
    FROM rm_comments c
    LEFT JOIN rm_members m ON m.group_id = c.group_id AND m.member_id = c.member_id
    WHERE c.group_id = ${groupId}::uuid AND c.expense_id = ${expenseId}::uuid
      ${options.after === null ? sql`` : sql`AND c.position > ${options.after}`}
    ORDER BY c.position
    LIMIT ${options.limit}`;
  return rows.map((r) => ({
    id: r.id,
    expenseId: r.expenseId,
    memberId: r.memberId,
    authorName: r.authorName ?? "",
    text: r.text,
    at: r.at,
    position: Number(r.position),
  }));
}
