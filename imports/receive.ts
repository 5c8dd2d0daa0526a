/**
 * A dump's way into a job: its bytes stored as they stream in, in chunks of
 * at most {@linkcode ImportPolicy.chunkBytes} (`import_job_chunks`), under a
 * receive lease and the owner's quota of pending imports; and read back,
 * chunk by chunk, by the job's run.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Sql } from "@kopek/platform";
import type { DumpBytes } from "./engine.ts";
import type { ImportJob, ImportSource } from "./job.ts";
import { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";

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
  /** What the upload is (ADR 0054); null or absent for a Kopek SQL dump. */
  readonly source?: ImportSource | null;
  /** The new job's id (default a random UUID). */
  readonly id?: string;
}

/** The namespace of the per-owner locks that serialise the count of pending imports. */
const RECEIVE_LOCK_NAMESPACE = 7_353_201;

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
      INSERT INTO import_jobs (id, owner_id, status, seed, via, request_id, lease_owner, lease_until,
                               source)
      VALUES (${id}, ${input.ownerId}, 'receiving', ${seed}, ${input.via ?? null},
              ${input.requestId ?? null}, ${holder},
              now() + ${policy.receiveLeaseMs} * interval '1 millisecond',
              ${input.source ? sql.json(input.source as never) : null})`;
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
