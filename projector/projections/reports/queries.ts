/**
 * Queries on the monthly reports read model, and the pure assembly of its
 * cells into months.
 *
 * @module
 */
import type { Sql, TransactionSql } from "../../_deps.ts";
import type { CellKind } from "./fold.ts";

/** One stored cell of a group's month. */
export interface ReportCell {
  readonly month: string;
  readonly kind: CellKind;
  readonly key: string;
  readonly amount: bigint;
}

/** One month of a report, in group minor units. */
export interface ReportMonthView {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly total: bigint;
  /** Category → amount, categories with nothing spent left out. */
  readonly byCategory: Map<string, bigint>;
  /** Member id → what they consumed (their owed shares), members with nothing left out. */
  readonly byMember: Map<string, bigint>;
}

/** A group's monthly report: its currency and every month of the range. */
export interface MonthlyReportView {
  readonly currency: string;
  readonly months: ReportMonthView[];
}

/**
 * Every month `YYYY-MM` from `from` to `to`, inclusive (none when `to` is
 * before `from`).
 *
 * @example
 * ```ts
 * monthsBetween("2026-11", "2027-01"); // ["2026-11", "2026-12", "2027-01"]
 * ```
 */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/**
 * Assembles cells into every month of `from..to` (a month without
 * expenses has a zero total and empty maps); zero cells are left out of
 * the maps, cells outside the range are ignored.
 */
export function assembleReport(
  cells: Iterable<ReportCell>,
  from: string,
  to: string,
): ReportMonthView[] {
  const months = new Map(
    monthsBetween(from, to).map((month) => [month, {
      month,
      total: 0n,
      byCategory: new Map<string, bigint>(),
      byMember: new Map<string, bigint>(),
    }]),
  );
  for (const c of cells) {
    const slot = months.get(c.month);
    if (!slot || c.amount === 0n) continue;
    if (c.kind === "total") slot.total += c.amount;
    else {
      const map = c.kind === "category" ? slot.byCategory : slot.byMember;
      map.set(c.key, (map.get(c.key) ?? 0n) + c.amount);
    }
  }
  return [...months.values()];
}

/**
 * A group's monthly report for `from..to` (`YYYY-MM`, inclusive), or null
 * when the read model does not know the group (yet).
 */
export async function monthlyReport(
  sql: Sql | TransactionSql,
  groupId: string,
  from: string,
  to: string,
): Promise<MonthlyReportView | null> {
  const [group] = await sql<{ currency: string }[]>`
    SELECT currency FROM rm_report_groups WHERE group_id = ${groupId}::uuid`;
  if (!group) return null;
  const rows = await sql<{ month: string; kind: CellKind; key: string; amount: string }[]>`
    SELECT month, kind, key, amount::text AS amount FROM rm_report_totals
    WHERE group_id = ${groupId}::uuid AND month BETWEEN ${from} AND ${to} AND amount <> 0
    ORDER BY month, kind, key`;
  return {
    currency: group.currency,
    months: assembleReport(rows.map((r) => ({ ...r, amount: BigInt(r.amount) })), from, to),
  };
}
