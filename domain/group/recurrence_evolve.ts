/**
 * How recurrence events change the group's state (ADR 0051), and the copy
 * of the recurrences that `foldGroupCopy` folds into.
 *
 * @module
 */
import type { GroupEventOf } from "./events.ts";
import type { RECURRENCE_EVENTS } from "./event_families.ts";
import type { GroupState, RecurrenceState } from "./state.ts";

/** An event of the recurrence family. */
export type RecurrenceEvent = GroupEventOf<(typeof RECURRENCE_EVENTS)[number]>;

function recurrence(state: GroupState, id: string): RecurrenceState | undefined {
  return state.recurrences.get(id);
}

function dropThrough(r: RecurrenceState, date: string) {
  for (const d of r.skipped) if (d <= date) r.skipped.delete(d);
}

/** Applies a recurrence event to the state (consumed). */
export function evolveRecurrence(state: GroupState, event: RecurrenceEvent): GroupState {
  const d = event.data;
  const r = recurrence(state, d.recurrenceId);
  switch (event.type) {
    case "RecurrenceCreated":
      state.recurrences.set(d.recurrenceId, {
        id: d.recurrenceId,
        rule: event.data.rule,
        start: event.data.start,
        template: event.data.template,
        status: "active",
        from: event.data.start,
        last: null,
        skipped: new Set(),
        occurred: 0,
      });
      return state;
    case "RecurrenceChanged":
      if (r) {
        r.rule = event.data.rule;
        r.start = event.data.start;
        r.template = event.data.template;
        r.from = event.data.from > r.from ? event.data.from : r.from;
      }
      return state;
    case "RecurrencePaused":
      if (r) r.status = "paused";
      return state;
    case "RecurrenceResumed":
      if (r) {
        r.status = "active";
        r.from = event.data.from > r.from ? event.data.from : r.from;
      }
      return state;
    case "RecurrenceOccurrenceSkipped":
      r?.skipped.add(event.data.date);
      return state;
    case "RecurrenceStopped":
      if (r) r.status = "stopped";
      return state;
    case "RecurrenceOccurred":
      if (r) {
        r.last = event.data.date;
        r.occurred += 1;
        dropThrough(r, event.data.date);
      }
      return state;
  }
}

/** A copy of the recurrences that a fold may change without touching the original. */
export function copyRecurrences(
  recurrences: ReadonlyMap<string, RecurrenceState>,
): Map<string, RecurrenceState> {
  const copy = new Map<string, RecurrenceState>();
  for (const [k, v] of recurrences) copy.set(k, { ...v, skipped: new Set(v.skipped) });
  return copy;
}
