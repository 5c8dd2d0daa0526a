/**
 * What an activity item is about, for a client that writes its own sentence
 * or links to the thing: the kind of entity (`entityType`), its name
 * (`subject`: an expense's description, a member's name) and the money the
 * event names (`amount`). Pure.
 *
 * @module
 */
import type { GroupEvent } from "@kopek/domain";
import { GROUP_EVENTS, ignoreEvents } from "@kopek/domain";
import type { Names } from "./describe.ts";

/** The fields an activity item carries besides its sentence. */
export interface Subject {
  readonly entityType: "expense" | "settlement" | "member" | null;
  readonly subject: string | null;
  readonly amount: { amount: string; currency: string } | null;
}

/** What `event` is about. */
export function subjectOf(event: GroupEvent, names: Names): Subject {
  switch (event.type) {
    case "ExpenseRecorded":
    case "ExpenseAmended":
      return {
        entityType: "expense",
        subject: event.data.description,
        amount: { amount: event.data.total.amount, currency: event.data.total.currency },
      };
    case "ExpenseVoided":
    case "CommentAdded":
    case "AttachmentAdded":
    case "AttachmentRemoved":
    case "RecurrenceOccurred":
      return { entityType: "expense", subject: names.entry(event.data.expenseId), amount: null };
    case "SettlementRecorded":
    case "SettlementAmended":
      return {
        entityType: "settlement",
        subject: null,
        amount: { amount: event.data.amount.amount, currency: event.data.amount.currency },
      };
    case "SettlementVoided":
      return { entityType: "settlement", subject: null, amount: null };
    case "MemberAdded":
      return { entityType: "member", subject: event.data.name, amount: null };
    case "CategoryAdded":
    case "CategoryChanged":
      return { entityType: null, subject: event.data.name, amount: null };
    case "MemberRenamed":
      return { entityType: "member", subject: event.data.name, amount: null };
    case "MemberRoleChanged":
    case "MemberDeactivated":
    case "MemberClaimed":
    case "MemberPaymentHandlesSet":
      return {
        entityType: "member",
        subject: names.member(event.data.memberId),
        amount: null,
      };
    case "InviteCreated":
    case "InviteAccepted":
      return {
        entityType: event.data.memberId === null ? null : "member",
        subject: event.data.memberId === null ? null : names.member(event.data.memberId),
        amount: null,
      };
    default:
      ignoreEvents(
        event,
        [
          "MemberUnlinked",
          "InviteRevoked",
          "CategoryRemoved",
          ...GROUP_EVENTS,
          "RecurrenceCreated",
          "RecurrenceChanged",
          "RecurrencePaused",
          "RecurrenceResumed",
          "RecurrenceOccurrenceSkipped",
          "RecurrenceStopped",
        ],
        "the activity subject",
      );
      return { entityType: null, subject: null, amount: null };
  }
}
