/**
 * The durable import jobs: `import_jobs` and the dump's bytes in
 * `import_job_chunks` (at most 1 MiB each), and every change of a job's
 * state, each one statement or one short transaction (PgBouncer in
 * transaction mode: no session state; the claim's lock is
 * transaction-level).
 *
 * A job's life: `receiving` (its bytes stream in; invisible, not claimable)
 * → `queued` → `running` (under a lease its worker renews) → `done`,
 * `refused` or `failed`. A running job whose lease expired is claimed again
 * and resumed; after {@linkcode ImportPolicy.maxAttempts} runs it fails.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { migrate, migrationsOf, type Problem, type SchemaPart, type Sql } from "@kopek/platform";
import type { DumpBytes, ImportPlan } from "./engine.ts";
import { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";

/** Where the imports tables' migrations live (component `"imports"`, platform/schema/registry.ts). */
export const importsMigrations = migrationsOf("imports");

/** Applies the imports component's pending migrations. Idempotent. */
export async function importsMigrate(sql: Sql): Promise<void> {
  await migrate(sql, importsMigrations);
}

/**
 * The import jobs' part of the database (`import_jobs`, `import_job_chunks`),
 * in the shape of ADR 0022's `SchemaPart`: its migration folders and how to
 * apply them.
 */
export const importsSchema: SchemaPart = Object.freeze({
  migrations: Object.freeze([importsMigrations]),
  apply: importsMigrate,
});

/** Where a job is in its life. */
export type ImportJobStatus = "receiving" | "queued" | "running" | "done" | "refused" | "failed";

/**
 * How far a running job is: pass 1 counts the dump's bytes it checked,
 * pass 2 the events it appended (of the plan's total).
 */
export interface ImportProgress {
  readonly phase: "checking" | "appending";
  readonly done: number;
  readonly total: number;
  readonly unit: "bytes" | "events";
}

/** A group an import created. */
export interface ImportedGroup {
  readonly id: string;
  readonly name: string;
}

/** A job as stored. */
export interface ImportJob {
  readonly id: string;
  readonly ownerId: string;
  readonly status: ImportJobStatus;
  readonly size: number;
  readonly chunks: number;
  /** The secret of the job's deterministic ids. */
  readonly seed: Uint8Array;
  readonly via: string | null;
  readonly requestId: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly leaseOwner: string | null;
  readonly leaseUntil: Date | null;
  readonly attempts: number;
  readonly plan: ImportPlan | null;
  readonly progress: ImportProgress | null;
  readonly groups: readonly ImportedGroup[] | null;
  readonly position: number | null;
  readonly problem: Problem | null;
}

/** A job as its owner sees it (`GET /v1/imports/{id}`). */
export interface ImportJobView {
  readonly id: string;
  readonly status: Exclude<ImportJobStatus, "receiving">;
  /** Done: the new groups. */
  readonly groups?: readonly ImportedGroup[];
  /** Done: the position of the last appended event (for `Kopek-Min-Position`). */
  readonly position?: number;
  /** Refused (422) or failed (500): the problem document. */
  readonly problem?: Problem;
  /** Running: how far it is. */
  readonly progress?: ImportProgress;
}

interface JobRow {
  id: string;
  owner_id: string;
  status: ImportJobStatus;
  size: number;
  chunks: number;
  seed: Uint8Array;
  via: string | null;
  request_id: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  lease_owner: string | null;
  lease_until: Date | null;
  attempts: number;
  plan: ImportPlan | null;
  progress: ImportProgress | null;
  groups: ImportedGroup[] | null;
  position: number | null;
  problem: Problem | null;
}

function toJob(r: JobRow): ImportJob {
  return {
    id: r.id,
    ownerId: r.owner_id,
    status: r.status,
    size: Number(r.size),
    chunks: r.chunks,
    seed: r.seed,
    via: r.via,
    requestId: r.request_id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    attempts: r.attempts,
    plan: r.plan,
    progress: r.progress,
    groups: r.groups,
    position: r.position === null ? null : Number(r.position),
    problem: r.problem,
  };
}

/** What its owner may see of a job (nothing of a job still receiving). */
export function jobView(
  job: Pick<ImportJob, "id" | "status" | "progress" | "groups" | "position" | "problem">,
): ImportJobView | null {
  switch (job.status) {
    case "receiving":
      return null;
    case "queued":
      return { id: job.id, status: "queued" };
    case "running":
      return job.progress
        ? { id: job.id, status: "running", progress: job.progress }
        : { id: job.id, status: "running" };
    case "done":
      return {
        id: job.id,
        status: "done",
        groups: job.groups ?? [],
        ...(job.position !== null ? { position: job.position } : {}),
      };
    case "refused":
    case "failed":
      return job.problem
        ? { id: job.id, status: job.status, problem: job.problem }
        : { id: job.id, status: job.status };
    default: {
      const never: never = job.status;
      throw new Error(`unknown import job status ${never}`);
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job by id, whoever owns it; null when there is none (or the id is no UUID). */
export async function readImportJob(sql: Sql, id: string): Promise<ImportJob | null> {
  if (!UUID.test(id)) return null;
  const [row] = await sql<JobRow[]>`SELECT * FROM import_jobs WHERE id = ${id}`;
  return row ? toJob(row) : null;
}

/**
 * The job as its owner sees it; null when it does not exist, is someone
 * else's, or is still receiving: the three answer alike.
 */
export async function importJobViewFor(
  sql: Sql,
  id: string,
  ownerId: string,
): Promise<ImportJobView | null> {
  if (!UUID.test(id)) return null;
  // Only what the view shows: not the seed (a secret), nor the plan (up to megabytes), on a
  // route clients poll.
  const [row] = await sql<
    Pick<JobRow, "id" | "status" | "progress" | "groups" | "position" | "problem">[]
  >`
    SELECT id, status, progress, groups, position, problem FROM import_jobs
    WHERE id = ${id} AND owner_id = ${ownerId}`;
  return row ? jobView(row) : null;
}

/** The dump is over the size limit; the job and its chunks are gone. */
export class ImportTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`a dump may be at most ${maxBytes} bytes`);
    this.name = "ImportTooLargeError";
  }
}

/** The user already has as many imports pending as they may. */
export class ImportQuotaError extends Error {
  constructor(readonly maxPending: number) {
    super(`at most ${maxPending} imports may be pending at once`);
    this.name = "ImportQuotaError";
  }
}

/** The upload went longer than the receive lease without a chunk; its job is gone. */
export class ImportUploadExpiredError extends Error {
  constructor() {
    super("the upload stalled and was dropped");
    this.name = "ImportUploadExpiredError";
  }
}

/** What {@linkcode receiveDump} needs. */
export interface ReceiveInput {
  readonly ownerId: string;
  readonly via?: string | null;
  readonly requestId?: string | null;
  /** The dump's bytes as they arrive. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Refuse past this many bytes (default the policy's; `Infinity` for `kopek import`). */
  readonly maxBytes?: number;
  /** Refuse when the owner has this many pending (default the policy's; null: no cap). */
  readonly maxPending?: number | null;
  /**
   * Who receives (the lease's owner while receiving). With `hold`, the job
   * stays `receiving` under this holder once stored, for {@linkcode startHeldJob}
   * (`kopek import` runs its own job, and no worker takes it first).
   */
  readonly holder?: string;
  readonly hold?: boolean;
  /** The new job's id (default a random UUID). */
  readonly id?: string;
}

/** The namespace of the per-owner locks that serialise the count of pending imports. */
const RECEIVE_LOCK_NAMESPACE = 7_353_201;
/** The lock that serialises claims, so the per-user and global caps hold. */
const CLAIM_LOCK_KEY = 7_353_201_884_105_922n;

/**
 * Stores a dump as a new job while it streams in, in chunks of
 * {@linkcode ImportPolicy.chunkBytes}: never more than one chunk in memory.
 * Throws {@linkcode ImportQuotaError} before reading when the owner has too
 * many pending, {@linkcode ImportTooLargeError} as soon as the size passes
 * the limit (the stream is cancelled and the job deleted: nothing is left
 * behind). Any other failure (the client went away) deletes the job too.
 */
export async function receiveDump(
  sql: Sql,
  input: ReceiveInput,
  policy: ImportPolicy = IMPORT_POLICY,
): Promise<{ id: string; size: number }> {
  const id = input.id ?? crypto.randomUUID();
  const maxBytes = input.maxBytes ?? policy.maxBytes;
  const maxPending = input.maxPending === undefined ? policy.maxPendingPerUser : input.maxPending;
  const holder = input.holder ?? `upload:${id}`;
  const seed = crypto.getRandomValues(new Uint8Array(32));
  await sql.begin(async (tx) => {
    if (maxPending !== null) {
      await tx`SELECT pg_advisory_xact_lock(${RECEIVE_LOCK_NAMESPACE}, hashtext(${input.ownerId}))`;
      const [{ n }] = await tx<{ n: number }[]>`
        SELECT count(*)::int AS n FROM import_jobs j
        WHERE j.owner_id = ${input.ownerId}
          AND (j.status IN ('receiving', 'queued', 'running')
               -- A failed job keeps its dump for an operator to requeue: it still takes room.
               OR (j.status = 'failed'
                   AND EXISTS (SELECT 1 FROM import_job_chunks c WHERE c.job_id = j.id)))`;
      if (n >= maxPending) throw new ImportQuotaError(maxPending);
    }
    await tx`
      INSERT INTO import_jobs (id, owner_id, status, seed, via, request_id, lease_owner, lease_until)
      VALUES (${id}, ${input.ownerId}, 'receiving', ${seed}, ${input.via ?? null},
              ${input.requestId ?? null}, ${holder},
              now() + ${policy.receiveLeaseMs} * interval '1 millisecond')`;
  });
  const buffer = new Uint8Array(policy.chunkBytes);
  let fill = 0;
  let seq = 0;
  let size = 0;
  // One chunk is stored while the next one fills: the upload is not held up by each INSERT.
  let storing: Promise<void> = Promise.resolve();
  const store = async (data: string, at: number, bytes: number) => {
    const [renewed] = await sql`
      WITH chunk AS (
        INSERT INTO import_job_chunks (job_id, seq, data)
        SELECT ${id}, ${at}, decode(${data}, 'base64')
        WHERE EXISTS (SELECT 1 FROM import_jobs WHERE id = ${id} AND status = 'receiving')
        RETURNING 1
      )
      UPDATE import_jobs
      SET size = ${bytes}, chunks = ${at + 1},
          lease_until = now() + ${policy.receiveLeaseMs} * interval '1 millisecond'
      WHERE id = ${id} AND status = 'receiving' AND EXISTS (SELECT 1 FROM chunk)
      RETURNING 1`;
    if (!renewed) throw new ImportUploadExpiredError();
  };
  const flush = async () => {
    await storing;
    // Base64 text: two thirds of hex's bytes on the wire, and PostgreSQL decodes it as fast.
    const data = Buffer.from(buffer.buffer, 0, fill).toString("base64");
    storing = store(data, seq, received);
    // Checked at the next flush or at the end; kept from being an unhandled rejection meanwhile.
    storing.catch(() => {});
    seq++;
    fill = 0;
  };
  let received = 0;
  try {
    for await (const part of input.body) {
      size += part.length;
      if (size > maxBytes) throw new ImportTooLargeError(maxBytes);
      let at = 0;
      while (at < part.length) {
        const n = Math.min(buffer.length - fill, part.length - at);
        buffer.set(part.subarray(at, at + n), fill);
        fill += n;
        at += n;
        received += n;
        if (fill === buffer.length) await flush();
      }
    }
    if (fill > 0) await flush();
    await storing;
    const [stored] = await sql`
      UPDATE import_jobs
      SET size = ${size}, chunks = ${seq},
          status = ${input.hold ? "receiving" : "queued"},
          lease_owner = ${input.hold ? holder : null},
          lease_until = ${
      input.hold ? sql`now() + ${policy.receiveLeaseMs} * interval '1 millisecond'` : null
    }
      WHERE id = ${id} AND status = 'receiving'
      RETURNING 1`;
    if (!stored) throw new ImportUploadExpiredError();
  } catch (e) {
    await storing.catch(() => {});
    await sql`DELETE FROM import_jobs WHERE id = ${id} AND status = 'receiving'`;
    throw e;
  }
  return { id, size };
}

/** The dump of a job, read again chunk by chunk at each call (two chunks in memory at most). */
export function jobBytes(sql: Sql, job: Pick<ImportJob, "id" | "chunks">): DumpBytes {
  const read = async (seq: number): Promise<Uint8Array> => {
    const [row] = await sql<{ data: string }[]>`
      SELECT encode(data, 'base64') AS data FROM import_job_chunks
      WHERE job_id = ${job.id} AND seq = ${seq}`;
    if (!row) throw new Error(`import job ${job.id} lost chunk ${seq} of ${job.chunks}`);
    const bytes = Buffer.from(row.data, "base64");
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  };
  return async function* () {
    // The next chunk is read while the engine works on this one (two chunks in memory at most).
    let next = job.chunks > 0 ? read(0) : null;
    for (let seq = 0; next !== null; seq++) {
      const chunk = await next;
      next = seq + 1 < job.chunks ? read(seq + 1) : null;
      next?.catch(() => {});
      yield chunk;
    }
  };
}

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

/** The fields a worker holding the lease may change; false when the lease is no longer its own. */
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
