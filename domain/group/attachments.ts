/**
 * Attachments of expenses (receipts, ADR 0055): a member who may record
 * expenses attaches a file (already stored by the route; the event holds its
 * metadata only) to an expense of the group that is not voided, or removes
 * one. Refused over the limits: 10 files per expense, 1 GiB per group.
 *
 * @module
 */
import { conflict, forbidden, notFound } from "../errors.ts";
import { ATTACHMENT_LIMITS } from "../shared/attachment_limits.ts";
import type { GroupCommand } from "./commands.ts";
import type { GroupEvent, GroupEventOf } from "./events.ts";
import { can } from "./roles.ts";
import type { AttachmentState, GroupState, MemberState } from "./state.ts";

/** What the route stored: `AttachmentAdded`'s data but the member, whom the decider names. */
export type AttachmentMetadata = Omit<GroupEventOf<"AttachmentAdded">["data"], "memberId">;

/** The attachments listed on an expense (not removed). */
export function attachmentsOn(state: GroupState, expenseId: string): number {
  let n = 0;
  for (const a of state.attachments.values()) if (!a.removed && a.expenseId === expenseId) n += 1;
  return n;
}

/** The bytes the group's attachments (not removed) hold, thumbnails included. */
export function groupAttachmentBytes(state: GroupState): number {
  let n = 0;
  for (const a of state.attachments.values()) if (!a.removed) n += a.bytes;
  return n;
}

/**
 * Whether `actor` may add `bytes` more to the expense: refuses before the
 * upload is read (the route) and again when the event is decided. An
 * attachment id already used answers what it is, for the route's retry.
 */
export function admitAttachment(
  state: GroupState,
  actor: MemberState,
  expenseId: string,
  bytes: number,
): void {
  if (!can(actor.role, "ledger.write")) throw forbidden(`a ${actor.role} cannot attach files`);
  const entry = state.entries.get(expenseId);
  if (!entry || entry.kind !== "expense") throw notFound("expense");
  if (entry.voided) throw conflict("expense.voided", "the expense has been voided");
  if (attachmentsOn(state, expenseId) >= ATTACHMENT_LIMITS.perExpense) {
    throw conflict(
      "attachment.limit",
      `an expense holds at most ${ATTACHMENT_LIMITS.perExpense} attachments`,
    );
  }
  if (groupAttachmentBytes(state) + bytes > ATTACHMENT_LIMITS.groupBytes) {
    throw conflict("attachment.limit", "the group's attachments would pass its storage quota");
  }
}

/** The attachment of this id, if the group has it (removed or not). */
export function attachmentOf(state: GroupState, attachmentId: string): AttachmentState | undefined {
  return state.attachments.get(attachmentId);
}

/** The events of `attachment.add` or `attachment.remove`, or a refusal. */
export function decideAttachment(
  command: Extract<GroupCommand, { type: "attachment.add" | "attachment.remove" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (command.type === "attachment.add") {
    const a = command.attachment;
    if (state.attachments.has(a.attachmentId)) {
      throw conflict("attachment.exists", "an attachment with this id already exists");
    }
    admitAttachment(state, actor, a.expenseId, a.size + (a.thumbnail?.size ?? 0));
    return [{ type: "AttachmentAdded", data: { ...a, memberId: actor.id } }];
  }
  if (!can(actor.role, "ledger.write")) throw forbidden(`a ${actor.role} cannot remove files`);
  const attachment = state.attachments.get(command.attachmentId);
  if (!attachment || attachment.removed || attachment.expenseId !== command.expenseId) {
    throw notFound("attachment");
  }
  return [{
    type: "AttachmentRemoved",
    data: { attachmentId: command.attachmentId, expenseId: command.expenseId },
  }];
}
