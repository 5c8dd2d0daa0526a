/**
 * The JSON answers of Kopek's API as TypeScript types, one per route (the
 * route table's `response` names them). Types only and no imports, so that
 * the PWA can `import type` them without bringing anything into its bundle.
 *
 * @module
 */

/** Money as it travels: a decimal string and an ISO 4217 code. */
export interface Money {
  readonly amount: string;
  readonly currency: string;
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

/** An RFC 9457 problem document (`application/problem+json`). */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

/** A list page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** What every write answers at least. */
export interface WriteResult {
  readonly id: string;
  readonly version: number;
  readonly position: number;
}

// --- accounts --------------------------------------------------------------

/** A signed-in account. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  /** The currency new groups start with (absent in sessions kept before it existed). */
  readonly defaultCurrency?: string | null;
}

/** Register, login, refresh and a password change: the user and a token pair. */
export interface Session {
  readonly user: User;
  readonly token: string;
  readonly expiresAt: string;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
}

/** `GET /v1/me`. */
export interface Me extends User {
  readonly telegram: { readonly linked: boolean };
}

/** A session as `GET /v1/me/sessions` lists it. */
export interface SessionInfo {
  readonly id: string;
  readonly userAgent: string | null;
  readonly method: string;
  readonly startedAt: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
  readonly current: boolean;
}

/** `GET /v1/me/export`: everything about the caller (a JSON download). */
export interface AccountExport {
  readonly format: "kopek-account-export";
  readonly version: 1;
  readonly exportedAt: string;
  readonly account: Record<string, unknown>;
  readonly sessions: readonly Record<string, unknown>[];
  readonly groups: readonly Record<string, unknown>[];
}

/** `POST /v1/me/telegram-link`: a one-time code for the bot's `/start <code>`. */
export interface TelegramLinkCode {
  readonly code: string;
  readonly expiresAt: string;
}

/** `POST /v1/telegram/links` (bot). */
export interface TelegramLinked {
  readonly user: { readonly id: string; readonly displayName: string };
  readonly telegram: { readonly linked: true };
  readonly position: number;
}

/** `POST /v1/telegram/tokens` (bot): a 15-minute token for the linked account. */
export interface TelegramToken {
  readonly userId: string;
  readonly token: string;
  readonly expiresAt: string;
}

/** A group member the bot can message. */
export interface MemberChat {
  readonly userId: string;
  readonly telegramUserId: number;
}

/** `POST /v1/telegram/chats` (bot). */
export interface TelegramChats {
  readonly chats: MemberChat[];
}

// --- groups, members, invites -------------------------------------------------

/** An item of `GET /v1/groups`. */
export interface GroupListItem {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly role: Role;
  readonly memberCount: number;
}

/** A member of a group (with its version, the member's `ETag`). */
export interface Member {
  readonly id: string;
  readonly name: string;
  readonly userId: string | null;
  readonly role: Role;
  readonly active: boolean;
  readonly version: number;
}

/** `GET /v1/groups/{g}`. */
export interface GroupDetail {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly version: number;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly members: Member[];
}

/** `POST /v1/groups` (201) and `PATCH /v1/groups/{g}`. */
export interface GroupWritten extends WriteResult {
  readonly name: string;
  readonly currency: string;
  /** The owner's member (create only). */
  readonly memberId?: string;
}

/** A member write: add, update, remove (the member as it now is). */
export interface MemberWritten extends Member {
  readonly position: number;
}

/** Where an invite stands (computed by the server when it answers). */
export type InviteStatus = "active" | "used" | "expired" | "revoked" | "dead";

/** An item of `GET /v1/groups/{g}/invites` (owners and admins; never a code). */
export interface Invite {
  readonly id: string;
  /** The placeholder it claims, or null for a new member. */
  readonly memberId: string | null;
  readonly role: Role;
  readonly expiresAt: string;
  readonly createdBy: { readonly memberId: string; readonly name: string | null } | null;
  readonly createdAt: string;
  readonly status: InviteStatus;
  /** The member who used it. */
  readonly acceptedBy: string | null;
}

/** `POST /v1/groups/{g}/invites` (201). */
export interface InviteCreated extends WriteResult {
  readonly code: string;
  readonly expiresAt: string;
  readonly memberId: string | null;
  readonly role: Role;
}

/** `DELETE /v1/groups/{g}/invites/{i}`. */
export interface InviteRevoked extends WriteResult {
  readonly status: "revoked";
  readonly memberId: string | null;
  readonly role: Role;
  readonly expiresAt: string;
  readonly createdBy: { readonly memberId: string; readonly name: string | null } | null;
  readonly acceptedBy: null;
}

/** `POST /v1/invites/{code}/accept`: the member now bound to the caller. */
export interface InviteAccepted extends MemberWritten {
  readonly groupId: string;
  readonly groupName: string;
}

// --- expenses and settlements ------------------------------------------------

/** A split as the API takes and shows it. */
export type Split =
  | { readonly mode: "equal"; readonly shares: readonly { readonly memberId: string }[] }
  | {
    readonly mode: "exact";
    readonly shares: readonly { readonly memberId: string; readonly amount: string }[];
  }
  | {
    readonly mode: "percent";
    readonly shares: readonly { readonly memberId: string; readonly percent: string }[];
  }
  | {
    readonly mode: "shares";
    readonly shares: readonly { readonly memberId: string; readonly weight: number }[];
  };

/** A member's amount in group currency. */
export interface MemberAmount {
  readonly memberId: string;
  readonly amount: string;
}

/** The rate an entry in another currency froze. */
export interface FrozenFx {
  readonly rate: string;
  readonly date: string;
  readonly source: string;
}

/** An expense as the API shows it. */
export interface Expense {
  readonly id: string;
  readonly kind: "expense";
  readonly version: number;
  readonly voided: boolean;
  readonly date: string;
  readonly description: string;
  readonly category: Category;
  readonly note: string | null;
  readonly total: Money;
  readonly fx: FrozenFx | null;
  readonly converted: Money;
  readonly paidBy: readonly MemberAmount[];
  readonly split: Split;
  readonly paid: readonly MemberAmount[];
  readonly shares: readonly MemberAmount[];
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** A payment (settlement) as the API shows it. */
export interface Settlement {
  readonly id: string;
  readonly kind: "settlement";
  readonly version: number;
  readonly voided: boolean;
  readonly date: string;
  readonly from: string;
  readonly to: string;
  readonly amount: Money;
  readonly fx: FrozenFx | null;
  readonly converted: Money;
  readonly note: string | null;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** An item of `GET /v1/groups/{g}/expenses` (`kind=expense|settlement|all`). */
export type Entry = Expense | Settlement;

/** `POST .../expenses` (201) and `PUT .../expenses/{e}`. */
export interface ExpenseWritten extends WriteResult {
  readonly shares: readonly MemberAmount[];
  readonly converted: Money;
  readonly fx: FrozenFx | null;
}

/** `POST .../settlements` (201) and `PUT .../settlements/{s}`. */
export interface SettlementWritten extends WriteResult {
  readonly converted: Money;
  readonly fx: FrozenFx | null;
}

/** A void of an expense or a settlement. */
export interface Voided extends WriteResult {
  readonly voided: true;
}

/** An item of `GET /v1/groups/{g}/expenses/{e}/history`, oldest first. */
export interface ExpenseVersion {
  readonly version: number;
  readonly change: "recorded" | "amended" | "voided";
  readonly at: string;
  readonly actor: { readonly memberId: string; readonly name: string } | null;
  readonly expense: Omit<Expense, "id" | "kind" | "version" | "voided">;
}

/** `GET /v1/groups/{g}/expenses/{e}/history`. */
export interface ExpenseHistory {
  readonly items: ExpenseVersion[];
}

export type * from "./responses_reads.ts";
