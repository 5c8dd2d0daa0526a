/**
 * The commands recurrence events stand for (ADR 0051), for the import's
 * recogniser (`command_of.ts`): each is decided again in the source like any
 * other command. An occurrence (`ExpenseRecorded` then `RecurrenceOccurred`)
 * is recognised there, beside `expense.record`.
 *
 * @module
 */
import type { z } from "zod";
import { type GroupCommand, type ResolvedFx, TemplateInput } from "../commands.ts";
import type { GroupEvent, GroupEventOf } from "../events.ts";
import { RECURRENCE_EVENTS } from "../event_families.ts";

type RecurrenceEventType = (typeof RECURRENCE_EVENTS)[number];

/** What the first recurrence event of a run stands for: `count` events and the command. */
export type RecurrenceRecognised =
  | { readonly kind: "more" }
  | { readonly kind: "command"; readonly count: number; readonly command: GroupCommand }
  | { readonly kind: "unrecognised"; readonly reason: string };

function template(value: unknown): z.infer<typeof TemplateInput> | string {
  const parsed = TemplateInput.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `the API refuses its template: ${issue.path.join(".") || "template"}: ${issue.message}`;
}

function pauseOf(e: GroupEvent | undefined, id: string): boolean | undefined {
  if (e?.type === "RecurrencePaused" && e.data.recurrenceId === id && e.data.reason === null) {
    return true;
  }
  if (e?.type === "RecurrenceResumed" && e.data.recurrenceId === id) return false;
  return undefined;
}

/** Whether an event is of the recurrence family. */
export function isRecurrenceEvent(e: GroupEvent): e is GroupEventOf<RecurrenceEventType> {
  return (RECURRENCE_EVENTS as readonly string[]).includes(e.type);
}

/** An occurrence (`ExpenseRecorded` then `RecurrenceOccurred`): the scheduler's command. */
export function occurrenceCommand(
  occurred: GroupEventOf<"RecurrenceOccurred">,
  fx: readonly (ResolvedFx | null)[],
  at: string,
): { kind: "command"; count: 2; candidates: GroupCommand[] } {
  const { recurrenceId, date } = occurred.data;
  return {
    kind: "command",
    count: 2,
    candidates: fx.map((f) => ({ type: "recurrence.occur", recurrenceId, date, now: at, fx: f })),
  };
}

/** Recognises a run that begins with a recurrence event. */
export function recogniseRecurrence(
  e0: GroupEventOf<RecurrenceEventType>,
  e1: GroupEvent | undefined,
  waiting: (n: number) => boolean,
  at: string,
): RecurrenceRecognised {
  const recurrenceId = e0.data.recurrenceId;
  switch (e0.type) {
    case "RecurrenceCreated": {
      const t = template(e0.data.template);
      if (typeof t === "string") return { kind: "unrecognised", reason: t };
      const { rule, start } = e0.data;
      return {
        kind: "command",
        count: 1,
        command: { type: "recurrence.create", recurrenceId, rule, start, template: t, now: at },
      };
    }
    case "RecurrenceChanged": {
      if (waiting(2)) return { kind: "more" };
      const t = template(e0.data.template);
      if (typeof t === "string") return { kind: "unrecognised", reason: t };
      const paused = pauseOf(e1, recurrenceId);
      const { rule, start } = e0.data;
      return {
        kind: "command",
        count: paused === undefined ? 1 : 2,
        command: {
          type: "recurrence.update",
          recurrenceId,
          rule,
          start,
          template: t,
          ...(paused === undefined ? {} : { paused }),
          now: at,
        },
      };
    }
    case "RecurrencePaused":
    case "RecurrenceResumed": {
      if (e0.type === "RecurrencePaused" && e0.data.date !== null) {
        // The scheduler's occurrence, refused and turned into a pause.
        return {
          kind: "command",
          count: 1,
          command: {
            type: "recurrence.occur",
            recurrenceId,
            date: e0.data.date,
            now: at,
            fx: null,
          },
        };
      }
      const paused = e0.type === "RecurrencePaused";
      return {
        kind: "command",
        count: 1,
        command: { type: "recurrence.update", recurrenceId, paused, now: at },
      };
    }
    case "RecurrenceOccurrenceSkipped":
      return {
        kind: "command",
        count: 1,
        command: { type: "recurrence.skip", recurrenceId, date: e0.data.date },
      };
    case "RecurrenceStopped":
      return { kind: "command", count: 1, command: { type: "recurrence.stop", recurrenceId } };
    case "RecurrenceOccurred":
      return {
        kind: "unrecognised",
        reason: "a RecurrenceOccurred must follow the ExpenseRecorded of its occurrence",
      };
  }
}
