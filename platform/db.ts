/**
 * PostgreSQL connections on postgres.js, the one way every service opens a pool.
 *
 * A URL may carry postgres.js options as query parameters; behind PgBouncer in
 * transaction mode use `?prepare=false` (no server-side prepared statements).
 *
 * @module
 */
import postgres from "postgres";

/** A postgres.js pool. */
export type Sql = postgres.Sql;
/** A postgres.js transaction handle. */
export type TransactionSql = postgres.TransactionSql;

/** The role a PostgreSQL URL names (`postgres://ROLE:password@host/db`), or undefined. */
export function databaseUrlRole(url: string): string | undefined {
  let user: string;
  try {
    user = new URL(url).username;
  } catch {
    return undefined;
  }
  return user === "" ? undefined : decodeURIComponent(user);
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The SQLSTATE of an error PostgreSQL raised (postgres.js's `PostgresError`),
 * else null: connection errors of the driver carry codes of their own.
 */
export function sqlstateOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (name !== "PostgresError" || typeof code !== "string" || !SQLSTATE.test(code)) return null;
  return code;
}

/** Options for {@linkcode connect}. */
export interface ConnectOptions {
  /** Most connections the pool opens (default 10). */
  max?: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
}

/**
 * Opens a pool. BIGINT columns come back as JavaScript numbers (positions and
 * versions stay far below 2^53); money never travels as a float because it is
 * stored as BIGINT minor units and read with `::text` where it is summed.
 */
export function connect(url: string, options: ConnectOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "kopek" },
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (x: number | bigint) => x.toString(),
        parse: (x: string) => Number(x),
      },
    },
  });
}
