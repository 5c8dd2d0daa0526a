/**
 * The attachments projection (ADR 0055): the batch's changes in log order.
 * An attachment applied again (a replay) is already there and stays.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { foldAttachments } from "./fold.ts";

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  // Few per batch (an upload is one command): applied one by one, in order.
  for (const change of foldAttachments(events)) {
    if (change.kind === "add") {
      const r = change.row;
      await tx`
        INSERT INTO rm_attachments (group_id, attachment_id, expense_id, member_id, name,
          content_type, size, sha256, width, height, key, thumbnail_key, thumbnail_type, at,
          position)
        VALUES (${r.groupId}, ${r.attachmentId}, ${r.expenseId}, ${r.memberId}, ${r.name},
          ${r.contentType}, ${r.size}, ${r.sha256}, ${r.width}, ${r.height}, ${r.key},
          ${r.thumbnailKey}, ${r.thumbnailType}, ${r.at}, ${r.position})
        ON CONFLICT (group_id, attachment_id) DO NOTHING`;
    } else if (change.kind === "remove") {
      await tx`
        UPDATE rm_attachments SET removed = true
        WHERE group_id = ${change.groupId} AND attachment_id = ${change.attachmentId}`;
    } else {
      await tx`
        UPDATE rm_attachments SET expense_voided = true
        WHERE group_id = ${change.groupId} AND expense_id = ${change.expenseId}`;
    }
  }
}

/** The attachments of each expense (`rm_attachments`). */
export const attachmentsProjection: Projection = {
  name: "attachments",
  tables: ["rm_attachments"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
