/**
 * Which recurrences may have an occurrence due: every recurrence not stopped,
 * followed from the event log (`RecurrenceCreated` adds one, `RecurrenceStopped`
 * drops it). Each scheduler keeps its own copy in memory and rebuilds it
 * after a restart, reading the group streams from the start in pages.
 *
 * @module
 */
import type { Cursor, EventStore } from "@kopek/eventstore";

/** A recurrence and its group. */
export interface Candidate {
  readonly groupId: string;
  readonly recurrenceId: string;
}

/** The recurrences to look at. */
export interface DueSource {
  /** Every recurrence not stopped, as of now. */
  candidates(): Promise<Candidate[]>;
}

const PAGE = 1000;

/** A source that follows the event store's group streams. */
export function eventLogDueSource(store: EventStore): DueSource {
  let cursor: Cursor | null = null;
  const live = new Map<string, string>();
  return {
    async candidates() {
      for (;;) {
        const page = await store.readAll({ after: cursor, limit: PAGE, streamPrefix: "group-" });
        for (const e of page.events) {
          const data = e.data as { recurrenceId?: string };
          if (e.type === "RecurrenceCreated" && data.recurrenceId) {
            live.set(data.recurrenceId, e.stream.slice("group-".length));
          } else if (e.type === "RecurrenceStopped" && data.recurrenceId) {
            live.delete(data.recurrenceId);
          }
        }
        cursor = page.cursor;
        if (page.events.length < PAGE) break;
      }
      return [...live].map(([recurrenceId, groupId]) => ({ groupId, recurrenceId }));
    },
  };
}
