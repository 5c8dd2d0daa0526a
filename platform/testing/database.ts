/**
 * A fresh PostgreSQL database per integration test, dropped afterwards.
 *
 * The server comes from `KOPEK_TEST_DATABASE_URL` (default
 * `postgres://postgres@127.0.0.1:5432/postgres`); its database part names the
 * maintenance database that `CREATE DATABASE` runs in. The URL may point at
 * PgBouncer (transaction mode, with a wildcard database entry and
 * `?prepare=false`): tests then run through it exactly as production would.
 *
 * @module
 */
import { connect, type Sql } from "../db.ts";

/** The server URL that integration tests use. */
export function testServerUrl(): string {
  return Deno.env.get("KOPEK_TEST_DATABASE_URL") ??
    "postgres://postgres@127.0.0.1:5432/postgres";
}

/** A throwaway database: its URL and an open pool on it. */
export interface TestDatabase extends AsyncDisposable {
  readonly url: string;
  readonly name: string;
  readonly sql: Sql;
}

/** Replaces the database name of a PostgreSQL URL, keeping its query. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates an empty database on the test server and returns a pool on it.
 * Dispose it (`await using db = await createTestDatabase()`) to drop it.
 * `max` sizes the pool: keep it above the test's concurrency, because
 * postgres.js pipelines queries onto busy connections once its pool is
 * exhausted, which PgBouncer 1.18 in transaction mode does not survive.
 */
export async function createTestDatabase(
  prefix = "kopek_t",
  options: { max?: number } = {},
): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = connect(serverUrl, { max: 1 });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(serverUrl, name);
  const sql = connect(url, { max: options.max ?? 10 });
  return {
    url,
    name,
    sql,
    async [Symbol.asyncDispose]() {
      await sql.end({ timeout: 5 });
      const admin = connect(serverUrl, { max: 1 });
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * Drops the databases an earlier run left behind under `prefix` (a benchmark
 * cannot drop its own after its last iteration). Only databases named like
 * {@linkcode createTestDatabase} names them and with nobody connected are
 * dropped, without FORCE, so another run's live database is never touched.
 */
export async function dropStaleTestDatabases(prefix: string): Promise<void> {
  const admin = connect(testServerUrl(), { max: 1 });
  try {
    const rows = await admin<{ name: string }[]>`
      SELECT datname AS name FROM pg_database
      WHERE starts_with(datname, ${prefix + "_"})
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)`;
    const own = new RegExp(`^${prefix}_[0-9a-f]{16}$`);
    for (const { name } of rows) {
      if (own.test(name)) await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`).catch(() => {});
    }
  } finally {
    await admin.end();
  }
}
