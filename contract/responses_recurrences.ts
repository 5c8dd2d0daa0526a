/**
 * Answers of the recurring expenses' routes (ADR 0051).
 *
 * @module
 */
import type { Category, Money, Split } from "./responses.ts";

/** A recurrence's rule (the domain's `RuleData`). */
export interface RecurrenceRule {
  freq: "daily" | "weekly" | "monthly" | "yearly";
  interval: number;
  lastDayOfMonth: boolean;
  until: string | null;
  count: number | null;
}

/** The expense body each occurrence records: `ExpenseInput` without id and date. */
export interface ExpenseTemplate {
  description: string;
  total: Money;
  category: Category;
  paidBy: { memberId: string; amount: string }[];
  split: Split;
  note?: string | null;
  fx?: { rate?: string; convertedAmount?: string };
}

/** `POST`, `PATCH`, `DELETE .../recurrences/{r}` and `POST .../skips`. */
export interface RecurrenceWritten {
  id: string;
  position: number;
}

/** A recurring expense, as `GET /v1/groups/{g}/recurrences` lists it. */
export interface Recurrence {
  id: string;
  rule: RecurrenceRule;
  start: string;
  template: ExpenseTemplate;
  status: "active" | "paused" | "stopped";
  /** Why the scheduler paused it (an occurrence the ledger refused), or null. */
  pausedReason: string | null;
  /** Dates skipped that are still ahead. */
  skipped: string[];
  /** How many occurrences were recorded. */
  occurred: number;
  /** The latest occurrence recorded, or null. */
  lastOccurrence: string | null;
  /** The next occurrences to be recorded (at most 5; none when paused or stopped). */
  upcoming: string[];
  /** When the next one is due (RFC 3339, the start of its day in the group's time zone), or null. */
  nextDueAt: string | null;
}

/** `GET /v1/groups/{g}/recurrences`. */
export interface RecurrenceList {
  timeZone: string;
  items: Recurrence[];
}
