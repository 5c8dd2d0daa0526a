/**
 * Recurring expenses (ADR 0051): a member who may record expenses creates,
 * changes, pauses, resumes, skips and stops them; the scheduler records each
 * occurrence with `recurrence.occur`, which this decider accepts only for the
 * next occurrence not yet recorded, once it is due, and which becomes a plain
 * `ExpenseRecorded` with the occurrence's deterministic id. Exactly once then
 * follows from the decision and the stream's optimistic concurrency, however
 * many schedulers send it.
 *
 * @module
 */
import { conflict, DomainError, forbidden, invalid, notFound } from "../errors.ts";
import {
  addDays,
  dueInstant,
  localDate,
  occurrencesFrom,
  type RuleData,
} from "../recurrence/rule.ts";
import { occurrenceExpenseId, SCHEDULER_ACTOR_ID } from "../recurrence/occurrence_id.ts";
import type {
  CommandContext,
  ExpenseInput,
  RecurrenceCommand,
  ResolvedFx,
  TemplateInput,
} from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { requireUsableCategory } from "./custom_categories.ts";
import { computeExpense } from "./expense_math.ts";
import { can } from "./roles.ts";
import type { GroupState, MemberState, RecurrenceState } from "./state.ts";

/** The most recurrences a group may have that are not stopped. */
export const MAX_RECURRENCES = 200;
/** How far before today a recurrence may start (days): how much it may catch up. */
export const MAX_START_PAST_DAYS = 366;
/** How far after today a recurrence may start (days). */
export const MAX_START_FUTURE_DAYS = 5 * 366;
/** The most future dates one recurrence may have skipped. */
export const MAX_SKIPS = 100;

/** Records an expense as `expense.record` does (without the role check). */
export type RecordExpense = (
  expenseId: string,
  input: ExpenseInput,
  fx: ResolvedFx | null,
) => GroupEvent[];

type Of<T extends RecurrenceCommand["type"]> = Extract<RecurrenceCommand, { type: T }>;

/** The next occurrence to record: not recorded, not skipped, not before `from`; null when ended. */
export function nextOccurrence(r: RecurrenceState): string | null {
  const after = r.last !== null && addDays(r.last, 1) > r.from ? addDays(r.last, 1) : r.from;
  const dates = occurrencesFrom(r.rule, r.start, after, r.skipped.size + 1);
  return dates.find((d) => !r.skipped.has(d)) ?? null;
}

/** The next `n` occurrences to record (upcoming ones), in order. */
export function upcomingOccurrences(r: RecurrenceState, n: number): string[] {
  const after = r.last !== null && addDays(r.last, 1) > r.from ? addDays(r.last, 1) : r.from;
  const dates = occurrencesFrom(r.rule, r.start, after, r.skipped.size + n);
  return dates.filter((d) => !r.skipped.has(d)).slice(0, n);
}

function recurrenceOf(state: GroupState, id: string): RecurrenceState {
  const r = state.recurrences.get(id);
  if (!r) throw notFound("recurrence");
  return r;
}

function requireWriter(actor: MemberState) {
  if (!can(actor.role, "ledger.write")) {
    throw forbidden(`a ${actor.role} cannot change recurring expenses`);
  }
}

function todayOf(state: GroupState, now: string): string {
  return localDate(Date.parse(now), state.timeZone);
}

function requireStart(start: string, today: string) {
  if (
    start < addDays(today, -MAX_START_PAST_DAYS) || start > addDays(today, MAX_START_FUTURE_DAYS)
  ) {
    throw invalid(
      "recurrence.start_range",
      "start",
      `start must be within ${MAX_START_PAST_DAYS} days before and ${MAX_START_FUTURE_DAYS} days after today`,
    );
  }
}

function requireOccurs(rule: RuleData, start: string) {
  if (occurrencesFrom(rule, start, start, 1).length === 0) {
    throw invalid("recurrence.empty", "rule", "the rule has no occurrence");
  }
}

/**
 * Checks a template as an expense on `date` would be (a foreign currency at a stand-in rate, the
 * category one the group may use).
 */
function requireTemplate(state: GroupState, template: TemplateInput, date: string) {
  requireUsableCategory(state, template.category);
  const foreign = template.total.currency !== state.currency;
  const fx: ResolvedFx | null = foreign && template.fx === undefined
    ? { kind: "rate", rate: "1", date, source: "check" }
    : null;
  computeExpense(state, { ...template, date }, fx);
}

/** A member's command on a recurrence (not the scheduler's `recurrence.occur`). */
export type MemberRecurrenceCommand = Exclude<RecurrenceCommand, { type: "recurrence.occur" }>;

/** Whether a command is a member's command on a recurrence. */
export function isRecurrenceCommand(
  command: { type: string },
): command is MemberRecurrenceCommand {
  return command.type.startsWith("recurrence.") && command.type !== "recurrence.occur";
}

/** A member's command on a recurrence, decided. */
export function decideRecurrence(
  command: MemberRecurrenceCommand,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  switch (command.type) {
    case "recurrence.create":
      return decideRecurrenceCreate(command, state, actor);
    case "recurrence.update":
      return decideRecurrenceUpdate(command, state, actor);
    case "recurrence.skip":
      return decideRecurrenceSkip(command, state, actor);
    case "recurrence.stop":
      return decideRecurrenceStop(command, state, actor);
  }
}

/** `recurrence.create`. */
export function decideRecurrenceCreate(
  command: Of<"recurrence.create">,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  requireWriter(actor);
  if (state.recurrences.has(command.recurrenceId)) {
    throw conflict("recurrence.exists", "a recurrence with this id already exists");
  }
  const live = [...state.recurrences.values()].filter((r) => r.status !== "stopped").length;
  if (live >= MAX_RECURRENCES) {
    throw conflict("recurrence.too_many", `a group has at most ${MAX_RECURRENCES} recurrences`);
  }
  requireStart(command.start, todayOf(state, command.now));
  requireOccurs(command.rule, command.start);
  requireTemplate(state, command.template, command.start);
  const { recurrenceId, rule, start, template } = command;
  return [{ type: "RecurrenceCreated", data: { recurrenceId, rule, start, template } }];
}

/** `recurrence.update`: a new rule, start or template from today on; pause or resume. */
export function decideRecurrenceUpdate(
  command: Of<"recurrence.update">,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  requireWriter(actor);
  const r = recurrenceOf(state, command.recurrenceId);
  if (r.status === "stopped") throw conflict("recurrence.stopped", "the recurrence was stopped");
  const events: GroupEvent[] = [];
  const id = r.id;
  const today = todayOf(state, command.now);
  if (command.rule !== undefined || command.start !== undefined || command.template !== undefined) {
    const rule = command.rule ?? r.rule;
    const start = command.start ?? r.start;
    const template = command.template ?? r.template;
    if (start !== r.start) requireStart(start, today);
    requireOccurs(rule, start);
    requireTemplate(state, template, today);
    events.push({
      type: "RecurrenceChanged",
      data: { recurrenceId: id, rule, start, template, from: today },
    });
  }
  if (command.paused === true && r.status === "active") {
    events.push({ type: "RecurrencePaused", data: { recurrenceId: id, reason: null, date: null } });
  }
  if (command.paused === false && r.status === "paused") {
    events.push({ type: "RecurrenceResumed", data: { recurrenceId: id, from: today } });
  }
  return events;
}

/** `recurrence.skip`: one upcoming occurrence is not recorded. */
export function decideRecurrenceSkip(
  command: Of<"recurrence.skip">,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  requireWriter(actor);
  const r = recurrenceOf(state, command.recurrenceId);
  if (r.status === "stopped") throw conflict("recurrence.stopped", "the recurrence was stopped");
  if (r.skipped.has(command.date)) return [];
  if ((r.last !== null && command.date <= r.last) || command.date < r.from) {
    throw conflict("recurrence.past", "that occurrence was recorded or has passed");
  }
  if (occurrencesFrom(r.rule, r.start, command.date, 1)[0] !== command.date) {
    throw invalid("recurrence.not_an_occurrence", "date", "the rule has no occurrence that day");
  }
  if (r.skipped.size >= MAX_SKIPS) {
    throw conflict("recurrence.too_many_skips", `at most ${MAX_SKIPS} skipped dates`);
  }
  return [{
    type: "RecurrenceOccurrenceSkipped",
    data: { recurrenceId: r.id, date: command.date },
  }];
}

/** `recurrence.stop`: idempotent. */
export function decideRecurrenceStop(
  command: Of<"recurrence.stop">,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  requireWriter(actor);
  const r = recurrenceOf(state, command.recurrenceId);
  if (r.status === "stopped") return [];
  return [{ type: "RecurrenceStopped", data: { recurrenceId: r.id } }];
}

/**
 * `recurrence.occur`, the scheduler's only command: the next occurrence, once
 * due, as an expense. A template the ledger now refuses (a member gone, a
 * limit) pauses the recurrence with the reason instead, so that the scheduler
 * does not retry it forever.
 */
export function decideRecurrenceOccur(
  command: Of<"recurrence.occur">,
  state: GroupState,
  ctx: CommandContext,
  record: RecordExpense,
): GroupEvent[] {
  if (ctx.actorUserId !== SCHEDULER_ACTOR_ID) {
    throw forbidden("only the scheduler records occurrences");
  }
  if (!state.exists) throw notFound("group");
  const r = recurrenceOf(state, command.recurrenceId);
  if (r.status !== "active") {
    throw conflict(`recurrence.${r.status}`, `the recurrence is ${r.status}`);
  }
  const next = nextOccurrence(r);
  if (next === null) throw conflict("recurrence.ended", "the recurrence has no more occurrences");
  if (command.date !== next) {
    throw conflict("recurrence.not_next", `the next occurrence to record is ${next}`);
  }
  if (dueInstant(next, state.timeZone) > Date.parse(command.now)) {
    throw conflict("recurrence.not_due", `the occurrence of ${next} is not due yet`);
  }
  const expenseId = occurrenceExpenseId(r.id, next);
  let recorded: GroupEvent[];
  try {
    recorded = record(expenseId, { ...r.template, date: next }, command.fx);
  } catch (e) {
    if (!(e instanceof DomainError) || e.kind === "not_found") throw e;
    const reason = `the occurrence of ${next} was refused: ${e.message}`.slice(0, 500);
    return [{ type: "RecurrencePaused", data: { recurrenceId: r.id, reason, date: next } }];
  }
  return [
    ...recorded,
    { type: "RecurrenceOccurred", data: { recurrenceId: r.id, date: next, expenseId } },
  ];
}
