/**
 * Which errors mean that PostgreSQL is out of reach rather than that the
 * request or the code is wrong: the one classifier behind the API's 503
 * `database_unavailable` (platform/http/errors.ts) and the projector's
 * "environment" faults (projector/faults.ts). See ADR 0023.
 *
 * @module
 */
import { sqlstateOf } from "./db.ts";

/**
 * SQLSTATEs of a server that is unreachable, shutting down, full of
 * connections, or that ended a statement at one of Kopek's time limits:
 * - class 08, connection exception (PgBouncer answers 08P01 when it cannot
 *   reach the server);
 * - 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now
 *   (starting up or in recovery), 57P05 idle session timeout;
 * - 53300 too many connections;
 * - 57014 query canceled: Kopek cancels nothing itself, so this is
 *   `statement_timeout` (platform/db.ts);
 * - 25P03 idle in transaction session timeout;
 * - 55P03 lock not available (`lock_timeout`).
 */
const UNAVAILABLE_STATES: ReadonlySet<string> = new Set([
  "57P01",
  "57P02",
  "57P03",
  "57P05",
  "53300",
  "57014",
  "25P03",
  "55P03",
]);

/**
 * postgres.js's own codes for a connection that closed, could not be opened
 * in time or was ended, and Node's socket codes (as postgres.js passes them on).
 */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EADDRNOTAVAIL",
]);

/** Whether an error is one of Deno's network I/O errors (a socket refused, reset, timed out…). */
export function isNetworkIoError(error: unknown): boolean {
  const errors = Deno.errors;
  return [
    errors.ConnectionRefused,
    errors.ConnectionReset,
    errors.ConnectionAborted,
    errors.NotConnected,
    errors.BrokenPipe,
    errors.TimedOut,
    errors.Interrupted,
    errors.AddrNotAvailable,
    errors.NetworkUnreachable,
  ].some((type) => error instanceof type);
}

/**
 * Whether an error means PostgreSQL is unreachable, shutting down,
 * overloaded, or stopped a statement at one of Kopek's time limits: the
 * request may succeed later, unchanged. Errors PostgreSQL raised about the
 * statement or the data (a constraint, a syntax error, a missing table) and
 * every other error are not.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const state = sqlstateOf(error);
  if (state !== null) return state.startsWith("08") || UNAVAILABLE_STATES.has(state);
  if (isNetworkIoError(error)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  // A write that lost its socket, wrapped by Node's stream layer or AggregateError of a multi-host connect.
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error && isDatabaseUnavailable(cause)) return true;
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return false;
}
