/**
 * The comments projection: the batch's comments, inserted in bulk. A comment
 * applied again (a replay) is already there and stays as it was.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import { foldComments } from "./fold.ts";

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  const rows = foldComments(events);
  if (rows.length === 0) return;
  await tx`
    INSERT INTO rm_comments (group_id, comment_id, expense_id, member_id, text, at, position)
    SELECT * FROM unnest(
      ${textArray(tx, rows.map((r) => r.groupId))}::uuid[],
      ${textArray(tx, rows.map((r) => r.commentId))}::uuid[],
      ${textArray(tx, rows.map((r) => r.expenseId))}::uuid[],
      ${textArray(tx, rows.map((r) => r.memberId))}::uuid[],
      ${textArray(tx, rows.map((r) => r.text))}::text[],
      ${textArray(tx, rows.map((r) => r.at))}::text[],
      ${textArray(tx, rows.map((r) => r.position))}::bigint[])
    ON CONFLICT (group_id, comment_id) DO NOTHING`;
}

/** The comments on each expense (`rm_comments`). */
export const commentsProjection: Projection = {
  name: "comments",
  tables: ["rm_comments"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
