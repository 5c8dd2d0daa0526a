/**
 * The JSON answers of the balance, report, activity, audit, import, rate and
 * sync routes (types only; {@link ./responses.ts} re-exports them).
 *
 * @module
 */
import type { Money, Problem, WriteResult } from "./responses.ts";

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

/** `GET /v1/groups/{g}/balances` (and `?asOf=`). */
export interface Balances {
  currency: string;
  asOf: string;
  /** Whether `settleUp` is the simplified plan, or each pair's net debt as incurred (ADR 0052). */
  simplifyDebts: boolean;
  members: BalanceLine[];
  settleUp: Transfer[];
}

/** One month of `GET /v1/groups/{g}/reports/monthly`. */
export interface ReportMonth {
  month: string;
  total: Money;
  byCategory: Record<string, Money>;
  byMember: Record<string, Money>;
}

/** `GET /v1/groups/{g}/reports/monthly`. */
export interface MonthlyReport {
  currency: string;
  months: ReportMonth[];
  /** Every category key of `byCategory` → how to show it (built-in and custom, removed too). */
  categories: Record<string, CategoryLabel>;
}

/** How a category shows: its name, icon and colour (null for a built-in one). */
export interface CategoryLabel {
  name: string;
  icon: string | null;
  colour: string | null;
}

/** A category of `GET /v1/groups/{g}/categories`. */
export interface CategoryItem {
  /** What an expense's `category` holds: the built-in name, or the custom category's id. */
  key: string;
  /** The custom category's id; null for a built-in one. */
  id: string | null;
  name: string;
  icon: string | null;
  colour: string | null;
  builtIn: boolean;
  removed: boolean;
}

/** `GET /v1/groups/{g}/categories`: the built-in ones, then the group's own by name. */
export interface Categories {
  items: CategoryItem[];
}

/** The answer of `POST`, `PATCH` and `DELETE .../categories`: the category as it now is. */
export interface CategoryWritten extends CategoryItem {
  position: number | null;
}

/** Someone the caller owes or is owed by, in `GET /v1/me/balances`. */
export interface MeBalancePerson {
  /** The user, when bound: one person across groups. */
  userId: string | null;
  /** The placeholder member (one person per group), when not bound to a user. */
  memberId: string | null;
  name: string;
}

/** One person and currency of `GET /v1/me/balances`. */
export interface MeBalanceItem {
  person: MeBalancePerson;
  currency: string;
  /** What the caller pays them under the groups' settle-up plans. */
  owes: Money;
  /** What they pay the caller. */
  owed: Money;
  /** owed − owes: positive, the caller gets money. */
  net: Money;
  /** Each group's part: positive, the caller gets money. */
  groups: { groupId: string; name: string; amount: Money }[];
}

/** `GET /v1/me/balances`: the caller's settle-up transfers across their groups. */
export interface MeBalances {
  items: MeBalanceItem[];
  totals: { currency: string; owes: Money; owed: Money; net: Money }[];
  /** How many of the caller's groups were read (at most 200; `truncated` when there were more). */
  groups: number;
  truncated: boolean;
}

/** An item of `GET /v1/groups/{g}/expenses/{e}/comments`, oldest first. */
export interface Comment {
  id: string;
  expenseId: string;
  memberId: string;
  author: { memberId: string; name: string };
  text: string;
  at: string;
  position: number;
}

/** What an amendment changed, as the activity feed says it. */
export interface ActivityChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** An item of `GET /v1/groups/{g}/activity`. */
export interface ActivityItem {
  position: number;
  version: number;
  at: string;
  type: string;
  actor: { memberId: string; name: string } | null;
  via: string | null;
  text: string;
  entityId: string | null;
  entityType: "expense" | "settlement" | "member" | null;
  subject: string | null;
  amount: Money | null;
  changes: ActivityChange[] | null;
}

/** An item of `GET /v1/groups/{g}/events`: an event as stored. */
export interface StoredEvent {
  position: number;
  stream: string;
  version: number;
  id: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: {
    actor: string;
    commandId: string;
    at: string;
    causationId?: string;
    requestId?: string;
    via?: string;
  };
  hash: string;
  prevHash: string;
}

/** `GET /v1/groups/{g}/verify`. */
export interface Verification {
  ok: boolean;
  events: number;
  headHash: string | null;
  firstBadPosition: number | null;
  fault: "hash_mismatch" | "prev_hash_mismatch" | "version_gap" | "position_order" | null;
}

/** How far a running import is: the dump's bytes checked, then the events appended. */
export interface ImportProgress {
  phase: "checking" | "appending";
  done: number;
  total: number;
  unit: "bytes" | "events";
}

/** `POST /v1/imports` (202, `Location: /v1/imports/{id}`). */
export interface ImportQueued {
  id: string;
  status: "queued";
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

/** `GET /v1/rates`. */
export interface RatesTable {
  base: string;
  date: string;
  source: string;
  rates: Record<string, string>;
}

/** One result of `POST /v1/sync`: the status the command would have had alone. */
export interface SyncResult {
  id: string;
  status: number;
  result?: WriteResult & Record<string, unknown>;
  problem?: Problem;
}

/** `POST /v1/sync`. */
export interface SyncAnswer {
  results: SyncResult[];
  position: number;
}

/** Answers that only say what happened (logout, sign out everywhere, unlink, delete). */
export interface Done {
  loggedOut?: true;
  revoked?: true;
  ended?: true;
  deleted?: true;
  position?: number;
  telegram?: { linked: false };
}
