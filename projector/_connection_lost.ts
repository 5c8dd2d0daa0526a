/**
 * Transactions that lose their connection end without another statement.
 *
 * postgres.js answers a failed `sql.begin` or `savepoint` body with a
 * `ROLLBACK` (`ROLLBACK TO`). When the body failed because the connection is
 * gone (a terminated backend, a restart, a failover), that statement goes to
 * a socket that is closed meanwhile. The published driver (3.4.9, 3.4.10)
 * threw from a timer there and the process died (porsager/postgres#1154,
 * #1208); the driver Kopek links (vendor/postgres, ADR 0023) rejects that
 * statement with `CONNECTION_CLOSED` instead, so this is no longer what
 * keeps a process alive. It still saves the doomed statement: on such an
 * error the body never settles, postgres.js issues nothing, and `sql.begin`
 * rejects on its own with `CONNECTION_CLOSED` once the socket has closed (it
 * races the body with the connection's close); PostgreSQL rolls the
 * transaction back when the connection ends. The projector's transaction and
 * savepoint bodies go through {@linkcode holdIfConnectionLost} (ADR 0016: an
 * error about the environment rolls the batch back and it is retried).
 *
 * @module
 */
import { sqlstateOf } from "@kopek/platform";

/** postgres.js and socket codes that mean the connection is closed or closing. */
const LOST_CODES: ReadonlySet<string> = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "ECONNRESET",
  "EPIPE",
]);

/** FATAL SQLSTATEs after which the server closes the connection. */
const LOST_STATES: ReadonlySet<string> = new Set(["57P01", "57P02", "57P03"]);

/** Whether an error means the transaction's connection is gone. */
export function isConnectionLost(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const state = sqlstateOf(error);
  if (state !== null) return LOST_STATES.has(state);
  if (error instanceof Deno.errors.ConnectionReset || error instanceof Deno.errors.BrokenPipe) {
    return true;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && LOST_CODES.has(code);
}

/**
 * Runs a transaction's or savepoint's body; when it fails because the
 * connection is gone, the answer never settles (see the module doc); any
 * other outcome is passed on. Never with a timeout: a body that settled
 * later would have postgres.js write its `ROLLBACK` through the connection
 * object, which by then serves another session.
 */
export async function holdIfConnectionLost<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!isConnectionLost(error)) throw error;
    // Nothing refers to it once `sql.begin` has rejected: it is collected with the transaction.
    return await new Promise<T>(() => {});
  }
}
