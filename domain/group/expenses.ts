/**
 * Expenses of a group: recording one (by hand, or as the scheduler for a
 * recurrence), amending it, voiding it. Every change keeps the ledger within
 * its limits.
 *
 * @module
 */
import { conflict, forbidden, invalid } from "../errors.ts";
import type { GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { computeExpense } from "./expense_math.ts";
import { expenseEffect } from "./evolve.ts";
import { requireUsableCategory } from "./custom_categories.ts";
import { previousEffect, requireWithinLimit } from "./ledger_limits.ts";
import { entryOf, requireVersion } from "./preconditions.ts";
import type { RecordExpense } from "./recurrences.ts";
import { can } from "./roles.ts";
import type { GroupState, MemberState } from "./state.ts";

/**
 * `expense.record`'s decision once the actor may record (by hand or as the scheduler): the id
 * unused, the category one the group may use, the body computed.
 */
export function recordExpense(state: GroupState): RecordExpense {
  return (expenseId, input, fx) => {
    if (state.entries.has(expenseId)) {
      throw conflict("expense.exists", "an expense or settlement with this id already exists");
    }
    requireUsableCategory(state, input.category);
    const data = computeExpense(state, input, fx);
    const event = { expenseId, revision: 1, ...data };
    requireWithinLimit(state, expenseEffect(event));
    return [{ type: "ExpenseRecorded", data: event }];
  };
}

/** Records an expense (its id unused) when the actor may write the ledger. */
export function decideExpenseRecord(
  command: Extract<GroupCommand, { type: "expense.record" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "ledger.write")) {
    throw forbidden(`a ${actor.role} cannot record expenses`);
  }
  if (state.entries.has(command.expenseId)) {
    throw conflict("expense.exists", "an expense or settlement with this id already exists");
  }
  return recordExpense(state)(command.expenseId, command.input, command.fx);
}

/** Amends an expense that is not voided, at the version the command was made against. */
export function decideExpenseAmend(
  command: Extract<GroupCommand, { type: "expense.amend" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "ledger.write")) {
    throw forbidden(`a ${actor.role} cannot amend expenses`);
  }
  const entry = entryOf(state, command.expenseId, "expense");
  requireVersion(entry.revision, command.ifMatch);
  if (entry.voided) throw conflict("expense.voided", "the expense has been voided");
  if (command.input.id !== undefined && command.input.id !== command.expenseId) {
    throw invalid("expense.id_mismatch", "id", "the body's id differs from the expense's id");
  }
  requireUsableCategory(state, command.input.category, entry.category);
  const data = computeExpense(state, command.input, command.fx);
  const event = { expenseId: command.expenseId, revision: entry.revision + 1, ...data };
  requireWithinLimit(state, expenseEffect(event), previousEffect(entry));
  return [{ type: "ExpenseAmended", data: event }];
}

/** Voids an expense that is not voided yet, at the version the command was made against. */
export function decideExpenseVoid(
  command: Extract<GroupCommand, { type: "expense.void" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "ledger.write")) throw forbidden(`a ${actor.role} cannot void expenses`);
  const entry = entryOf(state, command.expenseId, "expense");
  requireVersion(entry.revision, command.ifMatch);
  if (entry.voided) throw conflict("expense.voided", "the expense has already been voided");
  return [{
    type: "ExpenseVoided",
    data: { expenseId: command.expenseId, revision: entry.revision + 1 },
  }];
}
