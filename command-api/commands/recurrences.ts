/**
 * Recurring expenses (ADR 0051): create, change (or pause, resume), skip one
 * date, stop; and the scheduler's `recurrence.occur`, whose conversion (a
 * foreign-currency template) is the rate of the occurrence's date. The
 * commands' time (`at`) is their "now": the decider reads today from it in
 * the group's time zone.
 *
 * @module
 */
import {
  occurrenceExpenseId,
  RecurrenceCreateInput,
  RecurrenceSkipInput,
  RecurrenceUpdateInput,
} from "@kopek/domain";
import { z } from "zod";
import { resolveFx } from "../fx.ts";
import { EmptyBody, lastOf, parse, type Prepare, type Prepared, requireId } from "./command.ts";

function answer(recurrenceId: string): Prepared["respond"] {
  return (done) => ({
    created: lastOf(done.events, "RecurrenceCreated") !== undefined,
    body: { id: recurrenceId, position: done.position },
    etag: null,
  });
}

/** `recurrence.create`: the id is the client's (body or command id) or a new one. */
export const prepareRecurrenceCreate: Prepare = ({ deps }, request, _actor, at) => {
  const groupId = requireId(request.groupId, "group");
  const body = parse(RecurrenceCreateInput, request.body);
  const recurrenceId = body.id ?? request.targetId ?? deps.newId();
  const { rule, start, template } = body;
  return {
    groupId,
    entityId: recurrenceId,
    build: () => ({ type: "recurrence.create", recurrenceId, rule, start, template, now: at }),
    respond: answer(recurrenceId),
  };
};

/** `recurrence.update`: a new rule, start or template from today on; pause or resume. */
export const prepareRecurrenceUpdate: Prepare = (_family, request, _actor, at) => {
  const groupId = requireId(request.groupId, "group");
  const recurrenceId = requireId(request.targetId, "recurrence");
  const body = parse(RecurrenceUpdateInput, request.body);
  return {
    groupId,
    entityId: null,
    build: () => ({ type: "recurrence.update", recurrenceId, ...body, now: at }),
    respond: answer(recurrenceId),
  };
};

/** `recurrence.skip`. */
export const prepareRecurrenceSkip: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const recurrenceId = requireId(request.targetId, "recurrence");
  const { date } = parse(RecurrenceSkipInput, request.body);
  return {
    groupId,
    entityId: null,
    build: () => ({ type: "recurrence.skip", recurrenceId, date }),
    respond: answer(recurrenceId),
  };
};

/** `recurrence.stop`. */
export const prepareRecurrenceStop: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const recurrenceId = requireId(request.targetId, "recurrence");
  parse(EmptyBody, request.body);
  return {
    groupId,
    entityId: null,
    build: () => ({ type: "recurrence.stop", recurrenceId }),
    respond: answer(recurrenceId),
  };
};

const OccurBody = z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/**
 * `recurrence.occur`, the scheduler's: keyed by the occurrence's expense id,
 * so that a repeat from any worker answers the first one's answer.
 */
export const prepareRecurrenceOccur: Prepare = ({ deps }, request, _actor, at) => {
  const groupId = requireId(request.groupId, "group");
  const recurrenceId = requireId(request.targetId, "recurrence");
  const { date } = parse(OccurBody, request.body);
  const expenseId = occurrenceExpenseId(recurrenceId, date);
  return {
    groupId,
    entityId: expenseId,
    build: async (state) => {
      const template = state.recurrences.get(recurrenceId)?.template;
      const fx = template
        ? await resolveFx(
          { currency: template.total.currency, date, fx: template.fx },
          state.currency,
          deps.fx,
        )
        : null;
      return { type: "recurrence.occur", recurrenceId, date, now: at, fx };
    },
    respond: (done) => ({
      created: lastOf(done.events, "ExpenseRecorded") !== undefined,
      body: {
        id: recurrenceId,
        date,
        expenseId: lastOf(done.events, "RecurrenceOccurred")?.data.expenseId ?? null,
        paused: lastOf(done.events, "RecurrencePaused")?.data.reason ?? null,
        position: done.position,
      },
      etag: null,
    }),
  };
};
