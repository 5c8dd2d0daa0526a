/**
 * The shapes of the public API (API.md and docs/api.md) the PWA reads and writes.
 *
 * @module
 */

// The wire types are the contract's (contract/responses.ts, ADR 0046): imported as types only, so
// nothing of the server comes into the bundle.
import type {
  ActivityItem as ActivityAnswer,
  CategoryKey,
  Charges,
  Item,
  Money,
  Role,
  Split,
} from "../../../contract/responses.ts";

export type {
  ActivityChange,
  BalanceLine,
  Balances,
  Categories,
  Category,
  Charges,
  Item,
  CategoryItem,
  CategoryKey,
  CategoryLabel,
  CategoryWritten,
  Comment,
  CommentWritten,
  Expense,
  GroupDetail,
  GroupListItem,
  ImportJob,
  ImportProgress,
  Invite,
  InviteStatus,
  MeBalanceItem,
  MeBalances,
  Member,
  MemberPaymentHandles,
  Money,
  MonthlyReport,
  Page,
  PaymentHandle,
  PaymentHandlesList,
  Problem,
  NotificationSettings,
  PushSubscriptionInfo,
  PushSubscriptions,
  RatesTable,
  Recurrence,
  RecurrenceList,
  ReportMonth,
  Role,
  Session,
  SessionInfo,
  Settlement,
  Split,
  Transfer,
  User,
} from "../../../contract/responses.ts";

// The attachments' answers (ADR 0055, 0056).
export type { Attachment, AttachmentList, AttachmentUrl } from "../../../contract/responses_attachments.ts";

/** Roles, highest first. */
export const ROLES = ["owner", "admin", "member", "auditor", "viewer"] as const satisfies readonly Role[];

/** Expense categories: the domain's list itself (it imports nothing). */
export { CATEGORIES } from "$domain/shared/categories.ts";

/**
 * An item of the activity feed as the PWA holds it: the contract's, or one kept in IndexedDB from
 * a server that did not answer every field yet (each field past position, at and text may lack).
 */
export type ActivityItem =
  & Pick<ActivityAnswer, "position" | "at" | "text">
  & Partial<Omit<ActivityAnswer, "position" | "at" | "text" | "actor">>
  & { actor?: Partial<NonNullable<ActivityAnswer["actor"]>> | null };

/** Compiles only when a list above leaves out no member of its union. */
type Complete<Missing extends never> = Missing;
export type RolesComplete = Complete<Exclude<Role, (typeof ROLES)[number]>>;

/** The body of `POST /v1/groups/{g}/expenses` (and of `PUT`, without `id`). */
export interface ExpenseBody {
  id?: string;
  description: string;
  total: Money;
  date: string;
  category: CategoryKey;
  paidBy: { memberId: string; amount: string }[];
  /** For an itemized expense, the exact split its items give (the server checks it, ADR 0050). */
  split: Split;
  items?: Item[];
  charges?: Charges;
  note?: string | null;
  fx?: { rate: string };
}

/** The body of `POST /v1/groups/{g}/settlements` (and of `PUT`, without `id`): a payment. */
export interface SettlementBody {
  from: string;
  to: string;
  amount: Money;
  date: string;
  note?: string | null;
}

/** The command types of `POST /v1/sync`. */
export type CommandType =
  | "group.create"
  | "group.update"
  | "member.add"
  | "member.update"
  | "member.remove"
  | "invite.create"
  | "invite.revoke"
  | "expense.record"
  | "expense.amend"
  | "expense.void"
  | "settlement.record"
  | "settlement.amend"
  | "settlement.void"
  | "comment.add";

/** Expense list filters (`GET /v1/groups/{g}/expenses`). */
export interface ExpenseFilters {
  q?: string;
  category?: string;
  memberId?: string;
  from?: string;
  to?: string;
}
