/**
 * Queries on the attachments read model, for query-api (ADR 0055). Only
 * attachments that are neither removed nor on a voided expense are seen.
 *
 * @module
 */
import type { AttachmentRow } from "./fold.ts";
import type { Sql } from "../../_deps.ts";

/** An attachment as query-api reads it: its row, named by its id. */
export type AttachmentView = Omit<AttachmentRow, "groupId" | "attachmentId"> & {
  readonly id: string;
};

type Row = Omit<AttachmentView, "size" | "position"> & { size: string; position: string };

function view(r: Row): AttachmentView {
  return { ...r, size: Number(r.size), position: Number(r.position) };
}

const COLUMNS = (sql: Sql) =>
  sql`attachment_id::text AS id, expense_id::text AS "expenseId", member_id::text AS "memberId",
      name, content_type AS "contentType", size::text AS size, sha256, width, height, key,
      thumbnail_key AS "thumbnailKey", thumbnail_type AS "thumbnailType", at,
      position::text AS position`;

/** The attachments of an expense, oldest first (at most 10 by the decider's limit). */
export async function listAttachments(
  sql: Sql,
  groupId: string,
  expenseId: string,
): Promise<AttachmentView[]> {
  const rows = await sql<Row[]>`
    SELECT ${COLUMNS(sql)} FROM rm_attachments
    WHERE group_id = ${groupId}::uuid AND expense_id = ${expenseId}::uuid
      AND NOT removed AND NOT expense_voided
    ORDER BY position`;
  return rows.map(view);
}

/** One attachment of the group, if it is seen. */
export async function getAttachment(
  sql: Sql,
  groupId: string,
  attachmentId: string,
): Promise<AttachmentView | null> {
  const rows = await sql<Row[]>`
    SELECT ${COLUMNS(sql)} FROM rm_attachments
    WHERE group_id = ${groupId}::uuid AND attachment_id = ${attachmentId}::uuid
      AND NOT removed AND NOT expense_voided`;
  return rows.length === 0 ? null : view(rows[0]);
}

/** Every attachment of the group that is seen, in log order, `batch` rows a call (the archive). */
export async function* groupAttachments(
  sql: Sql,
  groupId: string,
  batch = 100,
): AsyncGenerator<AttachmentView> {
  let after = -1;
  for (;;) {
    const rows = await sql<Row[]>`
      SELECT ${COLUMNS(sql)} FROM rm_attachments
      WHERE group_id = ${groupId}::uuid AND position > ${after}
        AND NOT removed AND NOT expense_voided
      ORDER BY position LIMIT ${batch}`;
    for (const r of rows) yield view(r);
    if (rows.length < batch) return;
    after = Number(rows[rows.length - 1].position);
  }
}
