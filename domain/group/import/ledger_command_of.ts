/**
 * The commands that expense and settlement events stand for: a record or an
 * amendment, with each conversion the edge may have resolved (a foreign
 * amount gives two candidates), and an occurrence of a recurrence.
 *
 * @module
 */
import { ExpenseInput, type GroupCommand, type ResolvedFx, SettlementInput } from "../commands.ts";
import type { ExpenseData, GroupEventOf, SettlementData } from "../events.ts";
import { occurrenceCommand } from "./recurrence_command_of.ts";
import { input, is, type Recognised, type Run } from "./recognised.ts";

/** The conversions the edge may have resolved for a stored entry (none: `[null]`). */
function fxCandidates(data: ExpenseData | SettlementData): (ResolvedFx | null)[] {
  if (data.fx === null) return [null];
  const rate: ResolvedFx = {
    kind: "rate",
    rate: data.fx.rate,
    date: data.fx.date,
    source: data.fx.source,
  };
  // A client's converted amount is stored as the rate it implies, with the source "client".
  return data.fx.source === "client"
    ? [rate, { kind: "converted", amount: data.converted.amount, date: data.fx.date }]
    : [rate];
}

/** The body the API took for an expense, rebuilt from its stored data. */
function expenseInput(d: ExpenseData): ExpenseInput {
  return input(ExpenseInput, {
    description: d.description,
    total: d.total,
    date: d.date,
    category: d.category,
    paidBy: d.paidBy,
    // An itemized expense is asked for by its items; its stored split is what they gave.
    ...(d.items ? { items: d.items, charges: d.charges ?? {} } : { split: d.split }),
    note: d.note,
  }, "expense");
}

/** The body the API took for a settlement, rebuilt from its stored data. */
function settlementInput(d: SettlementData): SettlementInput {
  return input(SettlementInput, {
    from: d.from,
    to: d.to,
    amount: d.amount,
    date: d.date,
    note: d.note,
  }, "settlement");
}

/** An expense recorded or amended (or recorded by an occurrence): its candidate commands. */
export function recogniseExpense(
  e0: GroupEventOf<"ExpenseRecorded" | "ExpenseAmended">,
  run: Run,
): Recognised {
  const { e1, waiting, at } = run;
  const d = e0.data;
  if (e0.type === "ExpenseRecorded" && waiting(2)) return { kind: "more" };
  if (e0.type === "ExpenseRecorded" && is(e1, "RecurrenceOccurred")) {
    // An occurrence: the scheduler's `recurrence.occur`.
    return occurrenceCommand(e1, fxCandidates(d), at);
  }
  const body = expenseInput(d);
  return {
    kind: "command",
    count: 1,
    candidates: fxCandidates(d).map((fx): GroupCommand =>
      e0.type === "ExpenseRecorded"
        ? { type: "expense.record", expenseId: d.expenseId, input: body, fx }
        : { type: "expense.amend", expenseId: d.expenseId, input: body, fx }
    ),
  };
}

/** A settlement recorded or amended: its candidate commands. */
export function recogniseSettlement(
  e0: GroupEventOf<"SettlementRecorded" | "SettlementAmended">,
): Recognised {
  const d = e0.data;
  const body = settlementInput(d);
  return {
    kind: "command",
    count: 1,
    candidates: fxCandidates(d).map((fx): GroupCommand =>
      e0.type === "SettlementRecorded"
        ? { type: "settlement.record", settlementId: d.settlementId, input: body, fx }
        : { type: "settlement.amend", settlementId: d.settlementId, input: body, fx }
    ),
  };
}
