/**
 * The identity translation (see `translate.ts`) of the commands beyond the
 * ledger's core: custom categories, members' payment handles and recurring
 * expenses.
 *
 * - Custom categories are carried over with new ids.
 * - Payment handles are dropped: how to pay someone is theirs, not the
 *   importing group's (ADR 0052).
 * - Recurrences are dropped (ADR 0051): the importer sets up their own. An
 *   occurrence is the plain expense it recorded (none when it was refused).
 *
 * @module
 */
import type { ExpenseInput, GroupCommand, RecurrenceCommand } from "../commands.ts";
import type { CheckedCommand } from "./source_check.ts";
import type { IdFor } from "./translate.ts";

/** A command on categories, payment handles or recurrences. */
export type ExtraCommand =
  | RecurrenceCommand
  | Extract<
    GroupCommand,
    { type: "category.add" | "category.update" | "category.remove" | "member.payment_handles.set" }
  >;

/**
 * The commands the importer sends in place of `c` (the command of `checked`), with
 * `expenseInput` translating an expense's input (its members, category and items).
 */
export function translateExtra(
  c: ExtraCommand,
  checked: CheckedCommand,
  idFor: IdFor,
  expenseInput: (input: ExpenseInput) => ExpenseInput,
): GroupCommand[] {
  switch (c.type) {
    case "member.payment_handles.set":
      // How to pay someone is theirs, not the importing group's (ADR 0052).
      return [];
    case "category.add":
    case "category.update":
    case "category.remove":
      return [{ ...c, categoryId: idFor("category", c.categoryId) }];
    case "recurrence.create":
    case "recurrence.update":
    case "recurrence.skip":
    case "recurrence.stop":
      // Recurrences are not carried over (ADR 0051): the importer sets up their own.
      return [];
    case "recurrence.occur": {
      // An occurrence is the plain expense it recorded (none when it was refused).
      const recorded = checked.events.find((e) => e.event.type === "ExpenseRecorded")?.event;
      if (recorded?.type !== "ExpenseRecorded") return [];
      const d = recorded.data;
      const input: ExpenseInput = {
        description: d.description,
        total: d.total,
        date: d.date,
        category: d.category,
        paidBy: d.paidBy,
        split: d.split,
        note: d.note,
      };
      return [{
        type: "expense.record",
        expenseId: idFor("expense", d.expenseId),
        input: expenseInput(input),
        fx: c.fx,
      }];
    }
  }
}
