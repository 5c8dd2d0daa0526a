/**
 * Ordered SQL migrations, tracked per component in `schema_migrations`: the
 * runner every package's migrations go through (which folders exist, and in
 * what order they run, is `registry.ts`).
 *
 * Works through PgBouncer in transaction mode: every migration runs in its own
 * transaction that first takes a transaction-level advisory lock, so
 * concurrent starts queue up instead of racing, and no session state is used.
 *
 * @module
 */
import type { Sql, TransactionSql } from "../db.ts";

/** Where a component's migrations live and what they are tracked under. */
export interface MigrateOptions {
  /** The name migrations are tracked under, e.g. "eventstore" or "projector". */
  component: string;
  /** A file: URL of the folder holding `NNNN_name.sql` files (with a trailing slash). */
  dir: URL;
}

/** One migration file. */
export interface Migration {
  /** The number before the first underscore. */
  version: number;
  /** The file name. */
  name: string;
  /** The SQL text. */
  sql: string;
}

/** One advisory lock key for all components: migrations of all packages are serialised. */
const MIGRATION_LOCK_KEY = 7_353_201_884_105_921n;

const FILE_NAME = /^(\d{4})_[A-Za-z0-9_-]+\.sql$/;

/** Reads the `NNNN_name.sql` files of a folder, in version order. */
export async function readMigrations(dir: URL): Promise<Migration[]> {
  const found: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const match = entry.isFile ? FILE_NAME.exec(entry.name) : null;
    if (!match) continue;
    found.push({
      version: Number(match[1]),
      name: entry.name,
      sql: await Deno.readTextFile(new URL(entry.name, dir)),
    });
  }
  found.sort((a, b) => a.version - b.version);
  for (let i = 1; i < found.length; i++) {
    if (found[i].version === found[i - 1].version) {
      throw new Error(`Two migrations share version ${found[i].version} in ${dir.href}`);
    }
  }
  return found;
}

/** The checksum `schema_migrations` keeps of a migration's SQL text (hex SHA-256). */
export async function migrationChecksum(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Takes the migrations' advisory lock for the rest of the transaction: a
 * transaction that rewrites `schema_migrations` rows (a blue/green rebuild
 * swapping a read model in) runs between migrations, never during one.
 * Such a transaction is a job, not a request: it lifts the pool's
 * `statement_timeout` for itself (a migration may rewrite a large table, and
 * waiting for the lock lasts as long as the migration that holds it).
 */
export async function lockMigrations(tx: TransactionSql): Promise<void> {
  await tx`SET LOCAL statement_timeout = 0`;
  await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
}

/**
 * Applies a component's pending migrations in order, each in its own
 * transaction. A migration that was applied and whose file changed since is
 * an error. Migrations cannot contain statements that refuse to run in a
 * transaction (such as `CREATE INDEX CONCURRENTLY`).
 *
 * @example
 * ```ts
 * await migrate(sql, migrationsOf("rates"));
 * ```
 */
export async function migrate(sql: Sql, options: MigrateOptions): Promise<void> {
  const migrations = await readMigrations(options.dir);
  for (const migration of migrations) {
    const checksum = await migrationChecksum(migration.sql);
    await sql.begin(async (tx) => {
      await lockMigrations(tx);
      await tx`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          component  text        NOT NULL,
          version    integer     NOT NULL,
          name       text        NOT NULL,
          checksum   text        NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (component, version)
        )`;
      const [applied] = await tx<{ checksum: string }[]>`
        SELECT checksum FROM schema_migrations
        WHERE component = ${options.component} AND version = ${migration.version}`;
      if (applied) {
        if (applied.checksum !== checksum) {
          throw new Error(
            `Migration ${options.component}/${migration.name} changed after it was applied`,
          );
        }
        return;
      }
      await tx.unsafe(migration.sql).simple();
      await tx`
        INSERT INTO schema_migrations (component, version, name, checksum)
        VALUES (${options.component}, ${migration.version}, ${migration.name}, ${checksum})`;
    });
  }
}

/**
 * The migrations of these folders that the database lacks, as
 * `component/file` (a migration applied and changed since says so), in
 * order. Only reads: a connection that may not migrate uses it to refuse to
 * start on a database `kopek migrate` has not brought up to date.
 */
export async function pendingMigrations(
  sql: Sql,
  sets: readonly MigrateOptions[],
): Promise<string[]> {
  const [{ tracked }] = await sql<{ tracked: boolean }[]>`
    SELECT to_regclass('schema_migrations') IS NOT NULL AS tracked`;
  const applied = new Map<string, string>();
  if (tracked) {
    const rows = await sql<{ component: string; version: number; checksum: string }[]>`
      SELECT component, version, checksum FROM schema_migrations`;
    for (const r of rows) applied.set(`${r.component}/${r.version}`, r.checksum);
  }
  const pending: string[] = [];
  for (const set of sets) {
    for (const m of await readMigrations(set.dir)) {
      const checksum = applied.get(`${set.component}/${m.version}`);
      if (checksum === undefined) pending.push(`${set.component}/${m.name}`);
      else if (checksum !== await migrationChecksum(m.sql)) {
        pending.push(`${set.component}/${m.name} (changed since it was applied)`);
      }
    }
  }
  return pending;
}
