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
  /**
   * Longest a statement may run, in ms (`statement_timeout`; default
   * {@linkcode DEFAULT_STATEMENT_TIMEOUT_MS}; 0 turns it off) for a pool of
   * long jobs (a CLI's rebuild, replay or import). A transaction that takes the
   * migrations lock lifts it for itself (`lockMigrations`).
   */
  statementTimeoutMs?: number;
  /**
   * Longest a session may sit idle inside a transaction, in ms
   * (`idle_in_transaction_session_timeout`; default
   * {@linkcode DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS}; 0 turns it off).
   */
  idleInTransactionTimeoutMs?: number;
  /** Longest a new connection may take to be ready, in s (default {@linkcode DEFAULT_CONNECT_TIMEOUT_S}). */
  connectTimeoutSeconds?: number;
}

/** `statement_timeout` of a pool unless its caller says otherwise (ms). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
/** `idle_in_transaction_session_timeout` unless the caller says otherwise (ms). */
export const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
/** How long opening a connection may take (s). */
export const DEFAULT_CONNECT_TIMEOUT_S = 5;
/** A connection unused for this long is closed (s): the next query opens a fresh one. */
export const IDLE_CONNECTION_TIMEOUT_S = 60;
/** TCP keep-alive idle time (s): a silently dead peer is noticed without waiting for a query. */
export const KEEP_ALIVE_S = 10;
/** The longest pause before reconnecting after a failed connection (s), before jitter. */
export const RECONNECT_BACKOFF_MAX_S = 2;

/**
 * The pause before the pool's next connection attempt, in seconds, given how
 * many attempts of the pool failed in a row (postgres.js counts them across
 * the pool and resets the count on the first success): 50 ms doubling per
 * failure, at most {@linkcode RECONNECT_BACKOFF_MAX_S}, times a random factor
 * in [0.5, 1) so that the connections of many processes do not reconnect in
 * step. postgres.js's own default grows to 20 s, which left services waiting
 * long after PostgreSQL was back (ADR 0023).
 */
export function reconnectBackoffSeconds(
  failures: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(0.05 * 2 ** Math.max(0, failures), RECONNECT_BACKOFF_MAX_S);
  return base * (0.5 + random() / 2);
}

/**
 * Opens a pool. BIGINT columns come back as JavaScript numbers (positions and
 * versions stay far below 2^53); money never travels as a float because it is
 * stored as BIGINT minor units and read with `::text` where it is summed.
 *
 * Every pool has time limits (ADR 0023): a connection must be ready within
 * a few seconds, a statement and an idle transaction are ended by the server
 * after their timeouts (sent as startup parameters; PgBouncer before 1.20
 * must ignore them and set them itself with `connect_query`, see
 * ops/pgbouncer and docs/operations.md), idle connections are closed, and a
 * failed connection is retried after a jittered pause of at most about two
 * seconds.
 *
 * No statement is ever pipelined (`max_pipeline: 0`, ADR 0031): a connection
 * carries the next statement only once the previous one's ReadyForQuery came
 * back. PgBouncer in transaction mode (1.18, before it tracked outstanding
 * Syncs) hands the server connection to another client at a ReadyForQuery
 * `I`, and drops the answer to a statement written behind it ("got packet
 * from server when not linked"): its client then waits forever. The vendored
 * driver's patch makes `sql.begin` reserve its connection with this setting.
 */
export function connect(url: string, options: ConnectOptions = {}): Sql {
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const idleInTransaction = options.idleInTransactionTimeoutMs ??
    DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS;
  return postgres(url, {
    max: options.max ?? 10,
    max_pipeline: 0,
    onnotice: () => {},
    connect_timeout: options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_S,
    idle_timeout: IDLE_CONNECTION_TIMEOUT_S,
    keep_alive: KEEP_ALIVE_S,
    backoff: (failures: number) => reconnectBackoffSeconds(failures),
    connection: {
      application_name: options.applicationName ?? "kopek",
      statement_timeout: statementTimeout,
      idle_in_transaction_session_timeout: idleInTransaction,
    },
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
