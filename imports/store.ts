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
 * and resumed; after `ImportPolicy.maxAttempts` runs it fails.
 *
 * This file holds the tables' migrations and a job's reads; the job's shape
 * and its owner's view are `job.ts`, the upload and the chunks `receive.ts`,
 * the claim, lease and end of a run `lease.ts`.
 *
 * @module
 */
import { migrate, type SchemaPart } from "@kopek/eventstore";
import type { Sql } from "@kopek/platform";
import { type JobRow, toJob } from "./_job_row.ts";
import { type ImportJob, type ImportJobView, jobView } from "./job.ts";

/** Where the imports tables' migrations live (component `"imports"`). */
export const importsMigrations = Object.freeze({
  component: "imports",
  dir: new URL("./migrations/", import.meta.url),
});

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
