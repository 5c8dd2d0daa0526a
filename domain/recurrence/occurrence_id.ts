/**
 * The deterministic id of an occurrence's expense: UUIDv5 of the recurrence
 * id and the date, so that every worker, retry and restart names the same
 * occurrence the same expense (ADR 0051).
 *
 * @module
 */
import { v5 } from "uuid";

/** Kopek's namespace for occurrence ids (a fixed random UUID). */
const OCCURRENCES = "5d0c6f2e-8b1a-4f6e-9a43-6b1f0b2d7c51";

/** The expense id of a recurrence's occurrence on `date`. */
export function occurrenceExpenseId(recurrenceId: string, date: string): string {
  return v5(`${recurrenceId.toLowerCase()}/${date}`, OCCURRENCES);
}

/**
 * The actor of commands the scheduler sends: no user has this id (users'
 * ids are random), and only `recurrence.occur` accepts it.
 */
export const SCHEDULER_ACTOR_ID = "5c4ed01e-0000-4000-8000-00000000c10c";
