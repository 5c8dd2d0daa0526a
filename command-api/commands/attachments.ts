/**
 * Attachments of expenses (ADR 0055): add (the metadata of bytes the upload
 * route has stored; the client's attachment id keys its idempotency, so a
 * retried upload of the same file answers the kept answer) and remove.
 *
 * @module
 */
import { type AttachmentMetadata, GroupEventSchemas } from "@kopek/domain";
import { lastOf, parse, type Prepare, requireId } from "./command.ts";

/** The route's body of `attachment.add`: what it stored (no member: the decider names the actor). */
export const AttachmentAddBody = GroupEventSchemas.AttachmentAdded.omit({ memberId: true });

/** The answer's view of an attachment (the contract's `Attachment`). */
export function attachmentView(data: AttachmentMetadata & { memberId: string }, at: string) {
  return {
    id: data.attachmentId,
    expenseId: data.expenseId,
    name: data.name,
    contentType: data.contentType,
    size: data.size,
    sha256: data.sha256,
    width: data.width,
    height: data.height,
    hasThumbnail: data.thumbnail !== null,
    addedBy: data.memberId,
    addedAt: at,
  };
}

/** `attachment.add`: the target is the attachment (its id the client's). */
export const prepareAttachmentAdd: Prepare = (_family, request, _actor, at) => {
  const groupId = requireId(request.groupId, "group");
  const attachment: AttachmentMetadata = parse(AttachmentAddBody, request.body);
  return {
    groupId,
    entityId: attachment.attachmentId,
    build: () => ({ type: "attachment.add", attachment }),
    respond: (done) => {
      const event = lastOf(done.events, "AttachmentAdded")!;
      return { created: true, body: attachmentView(event.data, at), etag: null };
    },
  };
};

/** `attachment.remove`: the target is the attachment, the body `{ expenseId }` from the path. */
export const prepareAttachmentRemove: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const attachmentId = requireId(request.targetId, "attachment");
  const expenseId = requireId(
    (request.body as { expenseId?: string } | null)?.expenseId ?? null,
    "expense",
  );
  return {
    groupId,
    entityId: attachmentId,
    build: () => ({ type: "attachment.remove", attachmentId, expenseId }),
    respond: () => ({ created: false, body: {}, etag: null }),
  };
};
