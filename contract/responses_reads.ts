/**
 * The JSON answers of the balance, report, activity, audit, import, rate and
 * sync routes (types only; {@link ./responses.ts} re-exports them).
 *
 * @module
 */
import type { Money, Problem, WriteResult } from "./responses.ts";

/** A line of `GET /v1/groups/{g}/balances`. */
export interface BalanceLine {
  readonly memberId: string;
  readonly paid: Money;
  readonly owed: Money;
  readonly balance: Money;
}

/** One transfer of the settle-up plan. */
export interface Transfer {
  readonly from: string;
  readonly to: string;
  readonly amount: Money;
}

/** `GET /v1/groups/{g}/balances` (and `?asOf=`). */
export interface Balances {
  readonly currency: string;
  readonly asOf: string;
  readonly members: BalanceLine[];
  readonly settleUp: Transfer[];
}

/** One month of `GET /v1/groups/{g}/reports/monthly`. */
export interface ReportMonth {
  readonly month: string;
  readonly total: Money;
  readonly byCategory: Record<string, Money>;
  readonly byMember: Record<string, Money>;
}

/** `GET /v1/groups/{g}/reports/monthly`. */
export interface MonthlyReport {
  readonly currency: string;
  readonly months: ReportMonth[];
}

/** What an amendment changed, as the activity feed says it. */
export interface ActivityChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** An item of `GET /v1/groups/{g}/activity`. */
export interface ActivityItem {
  readonly position: number;
  readonly version: number;
  readonly at: string;
  readonly type: string;
  readonly actor: { readonly memberId: string; readonly name: string } | null;
  readonly via: string | null;
  readonly text: string;
  readonly entityId: string | null;
  readonly entityType: "expense" | "settlement" | "member" | null;
  readonly subject: string | null;
  readonly amount: Money | null;
  readonly changes: ActivityChange[] | null;
}

/** An item of `GET /v1/groups/{g}/events`: an event as stored. */
export interface StoredEvent {
  readonly position: number;
  readonly stream: string;
  readonly version: number;
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly metadata: {
    readonly actor: string;
    readonly commandId: string;
    readonly at: string;
    readonly causationId?: string;
    readonly requestId?: string;
    readonly via?: string;
  };
  readonly hash: string;
  readonly prevHash: string;
}

/** `GET /v1/groups/{g}/verify`. */
export interface Verification {
  readonly ok: boolean;
  readonly events: number;
  readonly headHash: string | null;
  readonly firstBadPosition: number | null;
  readonly fault: "hash_mismatch" | "prev_hash_mismatch" | "version_gap" | "position_order" | null;
}

/** How far a running import is: the dump's bytes checked, then the events appended. */
export interface ImportProgress {
  readonly phase: "checking" | "appending";
  readonly done: number;
  readonly total: number;
  readonly unit: "bytes" | "events";
}

/** `POST /v1/imports` (202, `Location: /v1/imports/{id}`). */
export interface ImportQueued {
  readonly id: string;
  readonly status: "queued";
}

/** `GET /v1/imports/{id}`: an import job, as its owner sees it. */
export interface ImportJob {
  readonly id: string;
  readonly status: "queued" | "running" | "done" | "refused" | "failed";
  readonly groups?: readonly { readonly id: string; readonly name: string }[];
  readonly position?: number;
  readonly problem?: Problem;
  readonly progress?: ImportProgress;
}

/** `GET /v1/rates`. */
export interface RatesTable {
  readonly base: string;
  readonly date: string;
  readonly source: string;
  readonly rates: Record<string, string>;
}

/** One result of `POST /v1/sync`: the status the command would have had alone. */
export interface SyncResult {
  readonly id: string;
  readonly status: number;
  readonly result?: WriteResult & Record<string, unknown>;
  readonly problem?: Problem;
}

/** `POST /v1/sync`. */
export interface SyncAnswer {
  readonly results: SyncResult[];
  readonly position: number;
}

/** Answers that only say what happened (logout, sign out everywhere, unlink, delete). */
export interface Done {
  readonly loggedOut?: true;
  readonly revoked?: true;
  readonly ended?: true;
  readonly deleted?: true;
  readonly position?: number;
  readonly telegram?: { readonly linked: false };
}
