/**
 * Which errors of a projection's apply step are about the data (the same
 * events fail the same way on every attempt: quarantine the stream that
 * holds them) and which are about the environment (the database went away,
 * a lock or a timeout, a deadlock: retry the batch, quarantine nothing).
 * See ADR 0016.
 *
 * The rule is conservative: only what is known to be about the data
 * quarantines. Anything else (an unknown SQLSTATE, a missing table after a
 * bad deploy, a bug that fails every batch) keeps today's behaviour, a
 * retry after a backoff: a stalled projector is loud (lag, `/readyz`),
 * whereas a healthy group quarantined for a blip would silently go stale.
 *
 * @module
 */
import { isDatabaseUnavailable, isNetworkIoError, sqlstateOf } from "@kopek/platform";

/** What to do with an error of an apply step. */
export type FaultKind = "data" | "environment";

/**
 * SQLSTATE classes that are about the values written, never about the
 * server's state:
 * - 21 cardinality violation (a bulk upsert touching a row twice, from ids
 *   that collide once cast, e.g. a UUID in two letter cases);
 * - 22 data exception (numeric value out of range 22003, invalid datetime
 *   22007/22008, invalid text representation 22P02, string too long 22001,
 *   untranslatable character 22P05, …);
 * - 23 integrity constraint violation (not null, check, unique, foreign key);
 * - 54 program limit exceeded (an index row or an array too large, a JSON
 *   value nested too deep): Kopek's statements are fixed, so only the
 *   values can exceed a limit.
 */
const DATA_CLASSES: ReadonlySet<string> = new Set(["21", "22", "23", "54"]);

/**
 * Codes of postgres.js's own errors that are about the values it was given
 * (every other code it raises is about the connection).
 */
const CLIENT_DATA_CODES: ReadonlySet<string> = new Set(["UNDEFINED_VALUE"]);

/**
 * Classifies an error thrown while a projection applied events:
 *
 * - a PostgreSQL error is `data` when its SQLSTATE class is 21, 22, 23 or 54,
 *   `environment` for every other class (08 connection, 40 serialization
 *   failure and deadlock, 53 insufficient resources, 55P03 lock not
 *   available, 57014 statement timeout or cancel, 57P01–57P05 shutdown and
 *   termination, 58 system I/O, XX internal, 42 a statement that does not
 *   match the schema, …);
 * - an error with any other `code` (postgres.js's `CONNECTION_CLOSED`,
 *   `CONNECT_TIMEOUT`, a socket's `ECONNRESET`, …) or one of Deno's I/O
 *   errors is `environment`, except postgres.js's `UNDEFINED_VALUE` (a fold
 *   produced `undefined` for a column);
 * - an error without a code, or a non-error value, was thrown by the
 *   projection's own code (a fold, a zod schema, `BigInt("x")`): `data`.
 */
export function classifyFault(error: unknown): FaultKind {
  // The API's 503 database_unavailable and this share one rule for "the database is out of reach".
  if (isDatabaseUnavailable(error)) return "environment";
  const state = sqlstateOf(error);
  if (state !== null) return DATA_CLASSES.has(state.slice(0, 2)) ? "data" : "environment";
  if (typeof error !== "object" || error === null) return "data";
  if (isNetworkIoError(error) || (error as { name?: unknown }).name === "AbortError") {
    return "environment";
  }
  const code = (error as { code?: unknown }).code;
  if (code === undefined || code === null) return "data";
  return typeof code === "string" && CLIENT_DATA_CODES.has(code) ? "data" : "environment";
}

/** Whether an error is about the data ({@linkcode classifyFault}). */
export function isDataFault(error: unknown): boolean {
  return classifyFault(error) === "data";
}

/** The longest error message kept in `projector_quarantine.error`. */
export const FAULT_MESSAGE_MAX = 2000;

/**
 * A one-line description of a fault for the quarantine table: the error's
 * name, message, and PostgreSQL's detail when there is one, cut to
 * {@linkcode FAULT_MESSAGE_MAX} characters (event data may be large and is
 * attacker-controlled: it is named by position, never copied).
 */
export function faultMessage(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    const detail = (error as { detail?: unknown }).detail;
    text = `${error.name}: ${error.message}` +
      (typeof detail === "string" && detail !== "" ? ` (${detail})` : "");
  } else {
    text = String(error);
  }
  // One line, and no NUL (PostgreSQL text cannot hold it).
  text = text.replace(/\s+/g, " ").replaceAll("\u0000", "").trim();
  return text.length <= FAULT_MESSAGE_MAX ? text : `${text.slice(0, FAULT_MESSAGE_MAX - 1)}…`;
}
