/**
 * The bounds of import jobs, in one place (ADR 0018 says why each is what
 * it is). None is configurable: a deployment that needs more imports at once
 * runs more import workers, and the global cap keeps them from swamping the
 * database.
 *
 * @module
 */

/** The bounds every import job runs under. */
export interface ImportPolicy {
  /** The largest dump `POST /v1/imports` takes (`kopek import` has none). */
  readonly maxBytes: number;
  /** The size of a stored chunk of a dump (the last one may be smaller). */
  readonly chunkBytes: number;
  /** Imports a user may have received, queued or running at once (more: 429). */
  readonly maxPendingPerUser: number;
  /** Jobs one worker process runs at once. */
  readonly concurrency: number;
  /** Jobs running at once over every worker (one per user besides). */
  readonly maxRunning: number;
  /** How long a lease lasts unless renewed; a running job renews it every quarter of this. */
  readonly leaseMs: number;
  /** How long an upload may go without storing a chunk before its job is dropped. */
  readonly receiveLeaseMs: number;
  /** Runs a job gets (its first included) before an internal error fails it. */
  readonly maxAttempts: number;
  /** Most events appended in one transaction. */
  readonly batchEvents: number;
  /** How often a running job writes its progress (and renews its lease) at most. */
  readonly progressEveryMs: number;
  /** How long a failed job keeps its dump for an operator to requeue it. */
  readonly failedRetentionMs: number;
  /** How often an idle worker looks for queued jobs without being nudged. */
  readonly pollMs: number;
}

const MiB = 1024 * 1024;

/** The bounds Kopek ships with. */
export const IMPORT_POLICY: ImportPolicy = Object.freeze({
  maxBytes: 64 * MiB,
  chunkBytes: MiB,
  maxPendingPerUser: 3,
  concurrency: 1,
  maxRunning: 2,
  leaseMs: 60_000,
  receiveLeaseMs: 10 * 60_000,
  maxAttempts: 3,
  batchEvents: 500,
  progressEveryMs: 500,
  failedRetentionMs: 7 * 24 * 60 * 60_000,
  pollMs: 2_000,
});
