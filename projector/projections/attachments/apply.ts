/**
 * The attachments projection (ADR 0055): the batch's changes in log order.
 * An attachment applied again (a replay) is already there and stays. Every
 * expense voided hides its attachments: consecutive voids are one bulk
 * UPDATE (ADR 0074; a catch-up holds thousands of them and few attachments),
 * which is the same as applying them one by one, since each only sets a flag.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import { type AttachmentChange, foldAttachments } from "./fold.ts";

type Void = Extract<AttachmentChange, { kind: "void" }>;

/** Hides the attachments of the expenses voided (one statement). */
async function hide(tx: TransactionSql, voids: readonly Void[]): Promise<void> {
  if (voids.length === 0) return;
  await tx`
    UPDATE rm_attachments a SET expense_voided = true
    FROM unnest(${textArray(tx, voids.map((v) => v.groupId))}::uuid[],
                ${textArray(tx, voids.map((v) => v.expenseId))}::uuid[]) AS v(g, e)
    WHERE a.group_id = v.g AND a.expense_id = v.e AND NOT a.expense_voided`;
}

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  // Few adds and removes per batch (an upload is one command): applied one by one, in order;
  // the voids between them as one statement each run.
  let voids: Void[] = [];
  for (const change of foldAttachments(events)) {
    if (change.kind === "void") {
      voids.push(change);
      continue;
    }
    await hide(tx, voids);
    voids = [];
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
    } else {
      await tx`
        UPDATE rm_attachments SET removed = true
        WHERE group_id = ${change.groupId} AND attachment_id = ${change.attachmentId}`;
    }
  }
  await hide(tx, voids);
}

/** The attachments of each expense (`rm_attachments`). */
export const attachmentsProjection: Projection = {
  name: "attachments",
  tables: ["rm_attachments"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
