/**
 * The JSON answers of Kopek's API as TypeScript types, one per route (the
 * route table's `response` names them). Types only and no imports, so that
 * the PWA can `import type` them without bringing anything into its bundle.
 * Not `readonly`: they describe JSON that each client owns once parsed.
 *
 * @module
 */

/** Money as it travels: a decimal string and an ISO 4217 code. */
export interface Money {
  amount: string;
  currency: string;
}

/** A role in a group, highest first: owner, admin, member, auditor, viewer. */
export type Role = "owner" | "admin" | "member" | "auditor" | "viewer";

/** An expense category (the domain's `CATEGORIES`). */
export type Category =
  | "food"
  | "groceries"
  | "transport"
  | "lodging"
  | "entertainment"
  | "shopping"
  | "utilities"
  | "rent"
  | "health"
  | "gifts"
  | "other";

/**
 * What an expense's `category` holds: a built-in {@linkcode Category}, or the id of a custom
 * category of the group (`GET /v1/groups/{g}/categories`).
 */
export type CategoryKey = Category | (string & Record<never, never>);

/** An RFC 9457 problem document (`application/problem+json`). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

/** A list page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What every write answers at least. */
export interface WriteResult {
  id: string;
  version: number;
  position: number;
}

// --- accounts --------------------------------------------------------------

/** A signed-in account. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  /** The currency new groups start with (absent in sessions kept before it existed). */
  defaultCurrency?: string | null;
}

/** Register, login, refresh and a password change: the user and a token pair. */
export interface Session {
  user: User;
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
}

/** `GET /v1/me`. */
export interface Me extends User {
  telegram: { linked: boolean };
}

/** A session as `GET /v1/me/sessions` lists it. */
export interface SessionInfo {
  id: string;
  userAgent: string | null;
  method: string;
  startedAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

/** `GET /v1/me/export`: everything about the caller (a JSON download). */
export interface AccountExport {
  format: "kopek-account-export";
  version: 1;
  exportedAt: string;
  account: Record<string, unknown>;
  sessions: Record<string, unknown>[];
  groups: Record<string, unknown>[];
}

/** `POST /v1/me/telegram-link`: a one-time code for the bot's `/start <code>`. */
export interface TelegramLinkCode {
  code: string;
  expiresAt: string;
}

/** `POST /v1/telegram/links` (bot). */
export interface TelegramLinked {
  user: { id: string; displayName: string };
  telegram: { linked: true };
  position: number;
}

/** `POST /v1/telegram/tokens` (bot): a 15-minute token for the linked account. */
export interface TelegramToken {
  userId: string;
  token: string;
  expiresAt: string;
}

/** A group member the bot can message. */
export interface MemberChat {
  userId: string;
  telegramUserId: number;
}

/** `POST /v1/telegram/chats` (bot). */
export interface TelegramChats {
  chats: MemberChat[];
}

// --- groups, members, invites -------------------------------------------------

/** An item of `GET /v1/groups`. */
export interface GroupListItem {
  id: string;
  name: string;
  currency: string;
  role: Role;
  memberCount: number;
}

/** A member of a group (with its version, the member's `ETag`). */
export interface Member {
  id: string;
  name: string;
  userId: string | null;
  role: Role;
  active: boolean;
  version: number;
}

/** `GET /v1/groups/{g}`. */
export interface GroupDetail {
  id: string;
  name: string;
  currency: string;
  /** The group's IANA time zone ("UTC" until set): when recurring expenses are due. */
  timeZone: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  /** Whether the settle-up plan simplifies debts (ADR 0052; true unless turned off). */
  simplifyDebts: boolean;
  members: Member[];
}

/** `POST /v1/groups` (201) and `PATCH /v1/groups/{g}`. */
export interface GroupWritten extends WriteResult {
  name: string;
  currency: string;
  /** The owner's member (create only). */
  memberId?: string;
  /** Whether the settle-up plan simplifies debts (update only). */
  simplifyDebts?: boolean;
}

/** A way to pay a member (ADR 0052). */
export type PaymentHandle =
  | { kind: "iban"; iban: string; name: string; bic?: string | null }
  | { kind: "paypal"; username: string }
  | { kind: "revolut"; username: string }
  | { kind: "upi"; vpa: string; name?: string | null }
  | { kind: "text"; text: string };

/** `PUT /v1/groups/{g}/members/{m}/payment-handles`. */
export interface PaymentHandlesWritten {
  memberId: string;
  handles: PaymentHandle[];
  /** The handles' revision: their ETag. */
  version: number;
  position: number;
}

/** One member's handles in `GET /v1/groups/{g}/payment-handles`. */
export interface MemberPaymentHandles {
  memberId: string;
  handles: PaymentHandle[];
  version: number;
}

/** `GET /v1/groups/{g}/payment-handles`. */
export interface PaymentHandlesList {
  items: MemberPaymentHandles[];
}

/** A member write: add, update, remove (the member as it now is). */
export interface MemberWritten extends Member {
  position: number;
}

/** Where an invite stands (computed by the server when it answers). */
export type InviteStatus = "active" | "used" | "expired" | "revoked" | "dead";

/** An item of `GET /v1/groups/{g}/invites` (owners and admins; never a code). */
export interface Invite {
  id: string;
  /** The placeholder it claims, or null for a new member. */
  memberId: string | null;
  role: Role;
  expiresAt: string;
  createdBy: { memberId: string; name: string | null } | null;
  createdAt: string;
  status: InviteStatus;
  /** The member who used it. */
  acceptedBy: string | null;
}

/** `POST /v1/groups/{g}/invites` (201). */
export interface InviteCreated extends WriteResult {
  code: string;
  expiresAt: string;
  memberId: string | null;
  role: Role;
}

/** `DELETE /v1/groups/{g}/invites/{i}`. */
export interface InviteRevoked extends WriteResult {
  status: "revoked";
  memberId: string | null;
  role: Role;
  expiresAt: string;
  createdBy: { memberId: string; name: string | null } | null;
  acceptedBy: null;
}

/** `POST /v1/invites/{code}/accept`: the member now bound to the caller. */
export interface InviteAccepted extends MemberWritten {
  groupId: string;
  groupName: string;
}

// --- expenses and settlements ------------------------------------------------

/** A split as the API takes and shows it. */
export type Split =
  | { mode: "equal"; shares: { memberId: string }[] }
  | {
    mode: "exact";
    shares: { memberId: string; amount: string }[];
  }
  | {
    mode: "percent";
    shares: { memberId: string; percent: string }[];
  }
  | {
    mode: "shares";
    shares: { memberId: string; weight: number }[];
  }
  | {
    mode: "adjustment";
    /** Each person's amount above (or, negative, below) an equal split of the rest. */
    shares: { memberId: string; adjustment: string }[];
  };

/** An item of an itemized bill, as given (amounts in the expense's currency). */
export interface Item {
  description: string;
  amount: string;
  split: Split;
}

/** A charge on an itemized bill: a fixed amount or a percentage of the items' sum. */
export interface Charge {
  amount?: string;
  percent?: string;
}

/** Tax, tip and service of an itemized bill, as given. */
export interface Charges {
  tax?: Charge;
  tip?: Charge;
  service?: Charge;
}

/** A member's amount in group currency. */
export interface MemberAmount {
  memberId: string;
  amount: string;
}

/** The rate an entry in another currency froze. */
export interface FrozenFx {
  rate: string;
  date: string;
  source: string;
}

/** An expense as the API shows it. */
export interface Expense {
  id: string;
  kind: "expense";
  version: number;
  voided: boolean;
  date: string;
  description: string;
  category: CategoryKey;
  note: string | null;
  total: Money;
  fx: FrozenFx | null;
  converted: Money;
  paidBy: MemberAmount[];
  /** For an itemized expense, the exact per-person amounts its items and charges gave. */
  split: Split;
  paid: MemberAmount[];
  shares: MemberAmount[];
  /** The items of an itemized bill, as given; null for a plain expense. */
  items: Item[] | null;
  /** The bill's tax, tip and service, as given; null for a plain expense. */
  charges: Charges | null;
  createdAt?: string;
  updatedAt?: string;
}

/** A payment (settlement) as the API shows it. */
export interface Settlement {
  id: string;
  kind: "settlement";
  version: number;
  voided: boolean;
  date: string;
  from: string;
  to: string;
  amount: Money;
  fx: FrozenFx | null;
  converted: Money;
  note: string | null;
  createdAt?: string;
  updatedAt?: string;
}

/** An item of `GET /v1/groups/{g}/expenses` (`kind=expense|settlement|all`). */
export type Entry = Expense | Settlement;

/** `POST .../expenses` (201) and `PUT .../expenses/{e}`. */
export interface ExpenseWritten extends WriteResult {
  shares: MemberAmount[];
  converted: Money;
  fx: FrozenFx | null;
}

/** `POST .../settlements` (201) and `PUT .../settlements/{s}`. */
export interface SettlementWritten extends WriteResult {
  converted: Money;
  fx: FrozenFx | null;
}

/** A void of an expense or a settlement. */
export interface Voided extends WriteResult {
  voided: true;
}

/** `POST .../expenses/{e}/comments` (201): the comment as added. */
export interface CommentWritten {
  id: string;
  expenseId: string;
  memberId: string;
  text: string;
  at: string;
  position: number;
}

/** An item of `GET /v1/groups/{g}/expenses/{e}/history`, oldest first. */
export interface ExpenseVersion {
  version: number;
  change: "recorded" | "amended" | "voided";
  at: string;
  actor: { memberId: string; name: string } | null;
  expense: Omit<Expense, "id" | "kind" | "version" | "voided">;
}

/** `GET /v1/groups/{g}/expenses/{e}/history`. */
export interface ExpenseHistory {
  items: ExpenseVersion[];
}

export type * from "./responses_reads.ts";
export type * from "./responses_recurrences.ts";
export type * from "./responses_push.ts";
export type * from "./responses_guests.ts";
