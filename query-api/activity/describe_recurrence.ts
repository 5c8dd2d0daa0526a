/**
 * The activity feed's sentences for the group's time zone and recurring
 * expenses (ADR 0051). An occurrence's expense has its own sentence
 * (`ExpenseRecorded`, by the scheduler); `RecurrenceOccurred` says which
 * recurrence it came from.
 *
 * @module
 */
import type { GroupEventOf, RECURRENCE_EVENTS } from "@kopek/domain";

type Quoted = (s: string) => string;

/** A recurrence event's sentence and the entity it is about (the recurrence or the expense). */
export function describeRecurrence(
  event: GroupEventOf<(typeof RECURRENCE_EVENTS)[number] | "GroupTimeZoneChanged">,
  actor: string,
  quoted: Quoted,
  entry: (expenseId: string) => string,
): { text: string; entityId: string | null } {
  switch (event.type) {
    case "GroupTimeZoneChanged":
      return { text: `${actor} set the time zone to ${event.data.timeZone}`, entityId: null };
    case "RecurrenceCreated": {
      const t = event.data.template;
      return {
        text: `${actor} set up the recurring expense ${
          quoted(t.description)
        } (${t.total.amount} ${t.total.currency}, ${event.data.rule.freq} from ${event.data.start})`,
        entityId: event.data.recurrenceId,
      };
    }
    case "RecurrenceChanged":
      return {
        text: `${actor} changed the recurring expense ${
          quoted(event.data.template.description)
        } from ${event.data.from} on`,
        entityId: event.data.recurrenceId,
      };
    case "RecurrencePaused":
      return {
        text: event.data.reason === null
          ? `${actor} paused a recurring expense`
          : `A recurring expense was paused: ${event.data.reason}`,
        entityId: event.data.recurrenceId,
      };
    case "RecurrenceResumed":
      return {
        text: `${actor} resumed a recurring expense from ${event.data.from}`,
        entityId: event.data.recurrenceId,
      };
    case "RecurrenceOccurrenceSkipped":
      return {
        text: `${actor} skipped a recurring expense on ${event.data.date}`,
        entityId: event.data.recurrenceId,
      };
    case "RecurrenceStopped":
      return { text: `${actor} stopped a recurring expense`, entityId: event.data.recurrenceId };
    case "RecurrenceOccurred":
      return {
        text: `${actor} recorded the recurring ${
          quoted(entry(event.data.expenseId))
        } for ${event.data.date}`,
        entityId: event.data.expenseId,
      };
  }
}
