/**
 * The group's event types by what they are about. A switch that leaves a
 * whole family alone says so with the family's name (`ignoreEvents(event,
 * [...INVITE_EVENTS], …)`): a new event type must join a family here (this
 * file does not compile until it does), and then every switch either names
 * it or ignores its whole family on purpose.
 *
 * @module
 */
import type { GroupEventType } from "./events.ts";

/** The group itself: created, renamed, its currency changed. */
export const GROUP_EVENTS = [
  "GroupCreated",
  "GroupRenamed",
  "GroupCurrencyChanged",
  "GroupDebtSimplificationChanged",
  "GroupTimeZoneChanged",
] as const;
/** Members: added, renamed, their role changed, deactivated, claimed by or unlinked from a user. */
export const MEMBER_EVENTS = [
  "MemberAdded",
  "MemberRenamed",
  "MemberRoleChanged",
  "MemberDeactivated",
  "MemberClaimed",
  "MemberUnlinked",
] as const;
/** Invites: created, accepted, revoked. */
export const INVITE_EVENTS = ["InviteCreated", "InviteAccepted", "InviteRevoked"] as const;
/** Expenses: recorded, amended, voided. */
export const EXPENSE_EVENTS = ["ExpenseRecorded", "ExpenseAmended", "ExpenseVoided"] as const;
/** Settlements (payments): recorded, amended, voided. */
export const SETTLEMENT_EVENTS = [
  "SettlementRecorded",
  "SettlementAmended",
  "SettlementVoided",
] as const;

/** Comments on expenses: added. */
export const COMMENT_EVENTS = ["CommentAdded"] as const;

/** Attachments of expenses (receipts; ADR 0055): added, removed. */
export const ATTACHMENT_EVENTS = ["AttachmentAdded", "AttachmentRemoved"] as const;

/** Members' payment handles (how to pay them): set. */
export const PAYMENT_HANDLE_EVENTS = ["MemberPaymentHandlesSet"] as const;
/** A group's custom categories: added, changed, removed. */
export const CATEGORY_EVENTS = ["CategoryAdded", "CategoryChanged", "CategoryRemoved"] as const;
/** Recurring expenses: created, changed, paused, resumed, skipped, stopped, occurred (ADR 0051). */
export const RECURRENCE_EVENTS = [
  "RecurrenceCreated",
  "RecurrenceChanged",
  "RecurrencePaused",
  "RecurrenceResumed",
  "RecurrenceOccurrenceSkipped",
  "RecurrenceStopped",
  "RecurrenceOccurred",
] as const;

type Listed =
  | (typeof GROUP_EVENTS)[number]
  | (typeof MEMBER_EVENTS)[number]
  | (typeof INVITE_EVENTS)[number]
  | (typeof EXPENSE_EVENTS)[number]
  | (typeof SETTLEMENT_EVENTS)[number]
  | (typeof COMMENT_EVENTS)[number]
  | (typeof ATTACHMENT_EVENTS)[number]
  | (typeof PAYMENT_HANDLE_EVENTS)[number]
  | (typeof CATEGORY_EVENTS)[number]
  | (typeof RECURRENCE_EVENTS)[number];
/** Compiles only while every event type is in a family, and every family's member is an event type. */
type Complete<Missing extends never, _Extra extends never> = Missing;
export type EventFamiliesComplete = Complete<
  Exclude<GroupEventType, Listed>,
  Exclude<Listed, GroupEventType>
>;
