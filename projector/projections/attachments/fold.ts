/**
 * The pure fold of the attachments read model (ADR 0055): an attachment
 * added is a row, removed marks it, and an expense voided hides its
 * attachments (an expense is never restored once voided).
 *
 * @module
 */
import {
  CATEGORY_EVENTS,
  COMMENT_EVENTS,
  GROUP_EVENTS,
  ignoreEvents,
  INVITE_EVENTS,
  MEMBER_EVENTS,
  PAYMENT_HANDLE_EVENTS,
  RECURRENCE_EVENTS,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";

/** The event types the attachments fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  ...GROUP_EVENTS,
  ...MEMBER_EVENTS,
  ...INVITE_EVENTS,
  ...SETTLEMENT_EVENTS,
  ...COMMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...CATEGORY_EVENTS,
  ...RECURRENCE_EVENTS,
] as const;

/** A row of `rm_attachments`. */
export interface AttachmentRow {
  readonly groupId: string;
  readonly attachmentId: string;
  readonly expenseId: string;
  readonly memberId: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly key: string;
  readonly thumbnailKey: string | null;
  readonly thumbnailType: string | null;
  readonly at: string;
  readonly position: number;
}

/** What a batch changes, in log order. */
export type AttachmentChange =
  | { readonly kind: "add"; readonly row: AttachmentRow }
  | { readonly kind: "remove"; readonly groupId: string; readonly attachmentId: string }
  | { readonly kind: "void"; readonly groupId: string; readonly expenseId: string };

/** The changes a batch of group events makes, in log order. */
export function foldAttachments(events: readonly GroupEnvelope[]): AttachmentChange[] {
  const changes: AttachmentChange[] = [];
  for (const env of events) {
    const event = env.event;
    switch (event.type) {
      case "AttachmentAdded": {
        const d = event.data;
        changes.push({
          kind: "add",
          row: {
            groupId: env.groupId,
            attachmentId: d.attachmentId,
            expenseId: d.expenseId,
            memberId: d.memberId,
            name: d.name,
            contentType: d.contentType,
            size: d.size,
            sha256: d.sha256,
            width: d.width,
            height: d.height,
            key: d.key,
            thumbnailKey: d.thumbnail?.key ?? null,
            thumbnailType: d.thumbnail?.contentType ?? null,
            at: env.at,
            position: env.position,
          },
        });
        break;
      }
      case "AttachmentRemoved":
        changes.push({
          kind: "remove",
          groupId: env.groupId,
          attachmentId: event.data.attachmentId,
        });
        break;
      case "ExpenseVoided":
        changes.push({ kind: "void", groupId: env.groupId, expenseId: event.data.expenseId });
        break;
      case "ExpenseRecorded":
      case "ExpenseAmended":
        break;
      default:
        ignoreEvents(event, IGNORED, "the attachments fold");
        break;
    }
  }
  return changes;
}
