/**
 * A job's run under a lease: claimed by one worker (or started by the
 * `kopek import` that holds it), renewed while it runs, and ended (done,
 * refused, failed) or released back to the queue; and the sweep of what
 * uploads and failed jobs leave behind. Each change is one statement or one
 * short transaction.
 *
 * @module
 */
import type { Problem, Sql } from "@kopek/platform";
import type { ImportPlan } from "./engine.ts";
import { type JobRow, toJob } from "./_job_row.ts";
import type { ImportedGroup, ImportJob, ImportProgress } from "./job.ts";
import { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";

/** The lock that serialises claims, so the per-user and global caps hold. */
const CLAIM_LOCK_KEY = 7_353_201_884_105_922n;

/** What a claim needs. */
export interface ClaimOptions {
  /** The claiming worker, the lease's owner (unique per worker process). */
  readonly workerId: string;
}

/**
 * Claims the oldest job that may run now, or null: a queued one, or a
 * running one whose lease expired (resumed before any queued one), of an
 * owner with no other running job, while fewer than
 * {@linkcode ImportPolicy.maxRunning} jobs hold a live lease. A running job
 * whose lease expired after its last attempt is failed instead. Claims are
 * serialised by a transaction-level advisory lock (so the caps hold between
 * workers), rows by `FOR UPDATE SKIP LOCKED`.
 */
export async function claimNextJob(
  sql: Sql,
  options: ClaimOptions,
  policy: ImportPolicy = IMPORT_POLICY,
): Promise<ImportJob | null> {
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${CLAIM_LOCK_KEY.toString()}::bigint)`;
    await tx`
      UPDATE import_jobs
      SET status = 'failed', finished_at = now(), lease_owner = NULL, lease_until = NULL,
          progress = NULL, problem = ${tx.json(failedProblem(policy.maxAttempts) as never)}
      WHERE status = 'running' AND lease_until < now() AND attempts >= ${policy.maxAttempts}`;
    const [row] = await tx<JobRow[]>`
      WITH candidate AS (
        SELECT j.id FROM import_jobs j
        WHERE (j.status = 'queued' OR (j.status = 'running' AND j.lease_until < now()))
          AND NOT EXISTS (
            SELECT 1 FROM import_jobs r
            WHERE r.owner_id = j.owner_id AND r.status = 'running' AND r.id <> j.id)
          AND (SELECT count(*) FROM import_jobs l
               WHERE l.status = 'running' AND l.lease_until >= now()) < ${policy.maxRunning}
        -- Resumed runs first; then the owner served least recently (round robin: one user's
        -- queue never holds back another's), then the oldest.
        ORDER BY j.status = 'running' DESC,
                 (SELECT max(p.started_at) FROM import_jobs p WHERE p.owner_id = j.owner_id)
                   ASC NULLS FIRST,
                 j.created_at, j.id
        LIMIT 1
        FOR UPDATE OF j SKIP LOCKED
      )
      UPDATE import_jobs j
      SET status = 'running', lease_owner = ${options.workerId},
          lease_until = now() + ${policy.leaseMs} * interval '1 millisecond',
          attempts = j.attempts + 1, started_at = coalesce(j.started_at, now())
      FROM candidate WHERE j.id = candidate.id
      RETURNING j.*`;
    return row ? toJob(row) : null;
  });
}

/**
 * Starts a job held by `receiveDump({ hold: true })` under the same holder;
 * null while its owner has another running job (try again later).
 */
export async function startHeldJob(
  sql: Sql,
  id: string,
  holder: string,
  policy: ImportPolicy = IMPORT_POLICY,
): Promise<ImportJob | null> {
  try {
    const [row] = await sql<JobRow[]>`
      UPDATE import_jobs
      SET status = 'running', lease_owner = ${holder},
          lease_until = now() + ${policy.leaseMs} * interval '1 millisecond',
          attempts = attempts + 1, started_at = coalesce(started_at, now())
      WHERE id = ${id} AND status = 'receiving' AND lease_owner = ${holder}
      RETURNING *`;
    if (!row) throw new Error(`import job ${id} is not held by ${holder}`);
    return toJob(row);
  } catch (e) {
    // The owner's other running job holds the one-running-per-user index: keep holding this
    // one (renew its receive lease, so that the sweep leaves it) and try again later.
    if ((e as { code?: string }).code !== "23505") throw e;
    await sql`
      UPDATE import_jobs
      SET lease_until = now() + ${policy.receiveLeaseMs} * interval '1 millisecond'
      WHERE id = ${id} AND status = 'receiving' AND lease_owner = ${holder}`;
    return null;
  }
}

/** The problem of a job that failed for reasons of Kopek's own. */
export function failedProblem(attempts: number): Problem {
  return {
    type: "https://kopek.dev/problems/import.failed",
    title: "Internal error",
    status: 500,
    detail:
      `the import failed inside Kopek ${attempts} times and was given up; nothing is wrong with ` +
      "the dump as far as Kopek knows: an operator can retry it (docs/operations.md)",
    errors: [],
    code: "import.failed",
  };
}
/**
 * Whether `workerId` still holds the job's lease (the job runs, and is
 * theirs): a run that failed asks it to tell a lost lease from its own fault.
 */
export async function holdsLease(
  sql: Sql,
  job: { id: string; workerId: string },
): Promise<boolean> {
  const rows = await sql`
    SELECT 1 FROM import_jobs
    WHERE id = ${job.id} AND status = 'running' AND lease_owner = ${job.workerId}`;
  return rows.length === 1;
}

/** Extends the lease (and keeps the progress and plan given); false when it was lost. */
export async function renewLease(
  sql: Sql,
  job: { id: string; workerId: string },
  change: { progress?: ImportProgress; plan?: ImportPlan },
  policy: ImportPolicy = IMPORT_POLICY,
): Promise<boolean> {
  const rows = await sql`
    UPDATE import_jobs
    SET lease_until = now() + ${policy.leaseMs} * interval '1 millisecond',
        progress = coalesce(${change.progress ? sql.json(change.progress as never) : null}::jsonb,
                            progress),
        plan = coalesce(${change.plan ? sql.json(change.plan as never) : null}::jsonb, plan)
    WHERE id = ${job.id} AND status = 'running' AND lease_owner = ${job.workerId}
    RETURNING 1`;
  return rows.length === 1;
}

/** How a job ended. */
export type JobEnd =
  | {
    readonly status: "done";
    readonly groups: readonly ImportedGroup[];
    readonly position: number;
  }
  | { readonly status: "refused"; readonly problem: Problem }
  | { readonly status: "failed"; readonly problem: Problem };

/**
 * Ends a job its worker holds: done (with its groups and last position),
 * refused or failed, and deletes its chunks (a failed job keeps them for
 * {@linkcode ImportPolicy.failedRetentionMs}, so that an operator can
 * requeue it). False when the lease was no longer the worker's.
 */
export async function finishJob(
  sql: Sql,
  job: { id: string; workerId: string },
  end: JobEnd,
): Promise<boolean> {
  return await sql.begin(async (tx) => {
    const rows = await tx`
      UPDATE import_jobs
      SET status = ${end.status}, finished_at = now(), lease_owner = NULL, lease_until = NULL,
          progress = NULL,
          groups = ${end.status === "done" ? tx.json(end.groups as never) : null},
          position = ${end.status === "done" ? end.position : null},
          problem = ${end.status === "done" ? null : tx.json(end.problem as never)}
      WHERE id = ${job.id} AND status = 'running' AND lease_owner = ${job.workerId}
      RETURNING 1`;
    if (rows.length === 0) return false;
    if (end.status !== "failed") await tx`DELETE FROM import_job_chunks WHERE job_id = ${job.id}`;
    return true;
  });
}

/**
 * Gives a job back to the queue (its worker stops, or a run failed with
 * attempts left). `countAttempt: false` (a clean stop) does not use up one
 * of its attempts. False when the lease was no longer the worker's.
 */
export async function releaseJob(
  sql: Sql,
  job: { id: string; workerId: string },
  options: { countAttempt: boolean },
): Promise<boolean> {
  const rows = await sql`
    UPDATE import_jobs
    SET status = 'queued', lease_owner = NULL, lease_until = NULL,
        attempts = CASE WHEN ${options.countAttempt} THEN attempts ELSE greatest(attempts - 1, 0) END
    WHERE id = ${job.id} AND status = 'running' AND lease_owner = ${job.workerId}
    RETURNING 1`;
  return rows.length === 1;
}

/** What {@linkcode sweepImportJobs} removed. */
export interface SweepResult {
  /** Uploads that stalled past their lease (their jobs and chunks deleted). */
  readonly abandoned: number;
  /** Chunks of jobs failed longer ago than the retention, deleted. */
  readonly expiredChunks: number;
}

/** Deletes abandoned uploads and the chunks of jobs failed longer ago than the retention. */
export async function sweepImportJobs(
  sql: Sql,
  policy: ImportPolicy = IMPORT_POLICY,
): Promise<SweepResult> {
  const abandoned = await sql`
    DELETE FROM import_jobs WHERE status = 'receiving' AND lease_until < now() RETURNING 1`;
  const expired = await sql`
    DELETE FROM import_job_chunks c USING import_jobs j
    WHERE c.job_id = j.id AND j.status = 'failed'
      AND j.finished_at < now() - ${policy.failedRetentionMs} * interval '1 millisecond'
    RETURNING 1`;
  return { abandoned: abandoned.length, expiredChunks: expired.length };
}
