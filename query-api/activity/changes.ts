/**
 * What an amendment changed: the fields of an expense (or a payment) whose
 * value differs between the state before an `ExpenseAmended` (or
 * `SettlementAmended`) and the state it sets, with the old and the new value,
 * for the activity feed ("Dinner: 90.00 EUR → 96.00 EUR"). Pure.
 *
 * @module
 */
import type { ExpenseData, SettlementData } from "@kopek/domain";

/** A money amount as the API writes it. */
export interface Money {
  readonly amount: string;
  readonly currency: string;
}

/**
 * One changed field. `description`, `date`, `category` and `note` carry their
 * text (a note may be null); `total` (an expense's) and `amount` (a
 * payment's) carry Money; `paidBy` and `split` (who paid, how it is shared)
 * and a payment's `payer` and `payee` carry null on both sides: only that they
 * changed.
 */
export type Change =
  | {
    readonly field: "description" | "date" | "category";
    readonly from: string;
    readonly to: string;
  }
  | { readonly field: "note"; readonly from: string | null; readonly to: string | null }
  | { readonly field: "total" | "amount"; readonly from: Money; readonly to: Money }
  | {
    readonly field: "paidBy" | "split" | "payer" | "payee";
    readonly from: null;
    readonly to: null;
  };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields `after` changed from `before`, in the order a reader expects them. */
export function expenseChanges(before: ExpenseData, after: ExpenseData): Change[] {
  const out: Change[] = [];
  if (before.description !== after.description) {
    out.push({ field: "description", from: before.description, to: after.description });
  }
  if (!same(before.total, after.total)) {
    out.push({
      field: "total",
      from: { amount: before.total.amount, currency: before.total.currency },
      to: { amount: after.total.amount, currency: after.total.currency },
    });
  }
  if (before.date !== after.date) out.push({ field: "date", from: before.date, to: after.date });
  if (before.category !== after.category) {
    out.push({ field: "category", from: before.category, to: after.category });
  }
  if (!same(before.paidBy, after.paidBy)) out.push({ field: "paidBy", from: null, to: null });
  // An itemized bill's items and charges are part of how it is shared (ADR 0050).
  if (
    !same(before.split, after.split) || !same(before.items ?? null, after.items ?? null) ||
    !same(before.charges ?? null, after.charges ?? null)
  ) out.push({ field: "split", from: null, to: null });
  if (before.note !== after.note) out.push({ field: "note", from: before.note, to: after.note });
  return out;
}

/** The fields of a payment `after` changed from `before`. */
export function settlementChanges(before: SettlementData, after: SettlementData): Change[] {
  const out: Change[] = [];
  if (!same(before.amount, after.amount)) {
    out.push({
      field: "amount",
      from: { amount: before.amount.amount, currency: before.amount.currency },
      to: { amount: after.amount.amount, currency: after.amount.currency },
    });
  }
  if (before.from !== after.from) out.push({ field: "payer", from: null, to: null });
  if (before.to !== after.to) out.push({ field: "payee", from: null, to: null });
  if (before.date !== after.date) out.push({ field: "date", from: before.date, to: after.date });
  if (before.note !== after.note) out.push({ field: "note", from: before.note, to: after.note });
  return out;
}

const FIELD_WORDS: Record<Change["field"], string> = {
  description: "description",
  total: "amount",
  amount: "amount",
  date: "date",
  category: "category",
  note: "note",
  paidBy: "who paid",
  split: "the split",
  payer: "who paid",
  payee: "who was paid",
};

/** The changes in words: "90.00 EUR → 96.00 EUR", "date 2026-11-20 → 2026-11-21", "the split". */
export function describeChanges(changes: readonly Change[]): string {
  return changes.map((c) => {
    switch (c.field) {
      case "total":
      case "amount":
        return `${c.from.amount} ${c.from.currency} → ${c.to.amount} ${c.to.currency}`;
      case "paidBy":
      case "split":
      case "payer":
      case "payee":
        return FIELD_WORDS[c.field];
      case "note":
        return c.from === null ? "note added" : c.to === null ? "note removed" : "note";
      default:
        return `${FIELD_WORDS[c.field]} “${c.from}” → “${c.to}”`;
    }
  }).join(", ");
}
