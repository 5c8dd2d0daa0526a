/**
 * The shapes of the public API (API.md and docs/api.md) the PWA reads and writes.
 *
 * @module
 */

/** Money as it travels: a decimal string and an ISO 4217 code. */
export interface Money {
  amount: string;
  currency: string;
}

/** A signed-in account. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  /** The currency new groups start with (absent in sessions kept before it existed). */
  defaultCurrency?: string | null;
}

/** A sign-in session as `GET /v1/me/sessions` lists it. */
export interface SessionInfo {
  id: string;
  userAgent: string | null;
  method: string;
  startedAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

/** What register, login and refresh answer, and what the PWA keeps in IndexedDB. */
export interface Session {
  user: User;
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
}

/** Roles, highest first. */
export const ROLES = ["owner", "admin", "member", "auditor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** Expense categories (the server's list). */
export const CATEGORIES = [
  "food",
  "groceries",
  "transport",
  "lodging",
  "entertainment",
  "shopping",
  "utilities",
  "rent",
  "health",
  "gifts",
  "other",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** An item of `GET /v1/groups`. */
export interface GroupListItem {
  id: string;
  name: string;
  currency: string;
  role: Role;
  memberCount: number;
}

/** A member of a group. */
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
  version: number;
  members: Member[];
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

/** A line of `GET /v1/groups/{g}/balances`. */
export interface BalanceLine {
  memberId: string;
  paid: Money;
  owed: Money;
  balance: Money;
}

/** One transfer of the settle-up plan. */
export interface Transfer {
  from: string;
  to: string;
  amount: Money;
}

/** `GET /v1/groups/{g}/balances`. */
export interface Balances {
  currency: string;
  asOf: string;
  members: BalanceLine[];
  settleUp: Transfer[];
}

/** A split as the API takes it. */
export type Split =
  | { mode: "equal"; shares: { memberId: string }[] }
  | { mode: "exact"; shares: { memberId: string; amount: string }[] }
  | { mode: "percent"; shares: { memberId: string; percent: string }[] }
  | { mode: "shares"; shares: { memberId: string; weight: number }[] };

/** The body of `POST /v1/groups/{g}/expenses` (and of `PUT`, without `id`). */
export interface ExpenseBody {
  id?: string;
  description: string;
  total: Money;
  date: string;
  category: Category;
  paidBy: { memberId: string; amount: string }[];
  split: Split;
  note?: string | null;
  fx?: { rate: string };
}

/** An expense as the API shows it. */
export interface Expense {
  id: string;
  kind: "expense";
  version: number;
  voided: boolean;
  date: string;
  description: string;
  category: Category;
  note: string | null;
  total: Money;
  fx: { rate: string; date: string; source: string } | null;
  converted: Money;
  paidBy: { memberId: string; amount: string }[];
  split: Split;
  paid: { memberId: string; amount: string }[];
  shares: { memberId: string; amount: string }[];
  createdAt?: string;
  updatedAt?: string;
}

/** The body of `POST /v1/groups/{g}/settlements` (and of `PUT`, without `id`): a payment. */
export interface SettlementBody {
  from: string;
  to: string;
  amount: Money;
  date: string;
  note?: string | null;
}

/** A payment (settlement) as the API shows it (`GET .../expenses?kind=settlement`). */
export interface Settlement {
  id: string;
  kind: "settlement";
  version: number;
  voided: boolean;
  date: string;
  from: string;
  to: string;
  amount: Money;
  fx: { rate: string; date: string; source: string } | null;
  converted: Money;
  note: string | null;
  createdAt?: string;
  updatedAt?: string;
}

/** A list page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An item of the activity feed. */
export interface ActivityItem {
  position: number;
  at: string;
  actor?: string | { id?: string; name?: string; displayName?: string } | null;
  text: string;
  [key: string]: unknown;
}

/** `GET /v1/rates`. */
export interface RatesTable {
  base: string;
  date: string;
  source: string;
  rates: Record<string, string>;
}

/** An RFC 9457 problem document. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string }[];
}

/** How far a running import is: the dump's bytes checked, then the events appended. */
export interface ImportProgress {
  phase: "checking" | "appending";
  done: number;
  total: number;
  unit: "bytes" | "events";
}

/** `GET /v1/imports/{id}`: an import job, as its owner sees it. */
export interface ImportJob {
  id: string;
  status: "queued" | "running" | "done" | "refused" | "failed";
  groups?: { id: string; name: string }[];
  position?: number;
  problem?: Problem;
  progress?: ImportProgress;
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
  | "settlement.void";

/** Expense list filters (`GET /v1/groups/{g}/expenses`). */
export interface ExpenseFilters {
  q?: string;
  category?: string;
  memberId?: string;
  from?: string;
  to?: string;
}
