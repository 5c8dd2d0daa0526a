/**
 * The monthly report as the history gives it, computed the plain way (no
 * effects, no deltas): the reference the reports projection is tested against.
 *
 * @module
 */
import { type ExpenseData, type GroupEvent, parseAmount } from "@kopek/domain";
import { monthsBetween, type ReportMonthView } from "../projections/reports/queries.ts";

/** The live expenses (last revision, not voided) of a history: the reference. */
export function liveExpenses(events: readonly GroupEvent[]): ExpenseData[] {
  const live = new Map<string, ExpenseData | null>();
  for (const e of events) {
    if (e.type === "ExpenseRecorded" || e.type === "ExpenseAmended") {
      live.set(e.data.expenseId, e.data);
    } else if (e.type === "ExpenseVoided") live.set(e.data.expenseId, null);
  }
  return [...live.values()].filter((d): d is ExpenseData => d !== null);
}

/** The report of `from..to` summed straight from the live expenses (zero shares left out). */
export function expectedReport(
  events: readonly GroupEvent[],
  currency: string,
  from: string,
  to: string,
): ReportMonthView[] {
  const months = new Map(
    monthsBetween(from, to).map((m) => [m, {
      month: m,
      total: 0n,
      byCategory: new Map<string, bigint>(),
      byMember: new Map<string, bigint>(),
    }]),
  );
  for (const d of liveExpenses(events)) {
    const slot = months.get(d.date.slice(0, 7));
    if (!slot) continue;
    const v = parseAmount(d.converted.amount, currency);
    slot.total += v;
    slot.byCategory.set(d.category, (slot.byCategory.get(d.category) ?? 0n) + v);
    for (const s of d.shares) {
      const a = parseAmount(s.amount, currency);
      if (a !== 0n) slot.byMember.set(s.memberId, (slot.byMember.get(s.memberId) ?? 0n) + a);
    }
  }
  return [...months.values()];
}
