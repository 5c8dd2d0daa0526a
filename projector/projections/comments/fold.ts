/**
 * The pure fold of the comments read model: each `CommentAdded` is a row;
 * no other event changes a comment.
 *
 * @module
 */
import {
  ATTACHMENT_EVENTS,
  CATEGORY_EVENTS,
  EXPENSE_EVENTS,
  GROUP_EVENTS,
  ignoreEvents,
  INVITE_EVENTS,
  MEMBER_EVENTS,
  PAYMENT_HANDLE_EVENTS,
  RECURRENCE_EVENTS,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";

/** The event types the comments fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  ...GROUP_EVENTS,
  ...MEMBER_EVENTS,
  ...INVITE_EVENTS,
  ...EXPENSE_EVENTS,
  ...SETTLEMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...CATEGORY_EVENTS,
  ...RECURRENCE_EVENTS,
  ...ATTACHMENT_EVENTS,
] as const;

/** A row of `rm_comments`. */
export interface CommentRow {
  readonly groupId: string;
  readonly commentId: string;
  readonly expenseId: string;
  readonly memberId: string;
  readonly text: string;
  /** The event's time (RFC 3339). */
  readonly at: string;
  /** The event's global position (the list's order). */
  readonly position: number;
}

/** The rows a batch of group events adds, in log order. */
export function foldComments(events: readonly GroupEnvelope[]): CommentRow[] {
  const rows: CommentRow[] = [];
  for (const env of events) {
    const event = env.event;
    switch (event.type) {
      case "CommentAdded":
        rows.push({
          groupId: env.groupId,
          commentId: event.data.commentId,
          expenseId: event.data.expenseId,
          memberId: event.data.memberId,
          text: event.data.text,
          at: env.at,
          position: env.position,
        });
        break;
      default:
        // Not a comment (a voided expense keeps its comments).
        ignoreEvents(event, IGNORED, "the comments fold");
        break;
    }
  }
  return rows;
}
