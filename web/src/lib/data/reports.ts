/**
 * Monthly reports behind one interface, so that the page can switch its data
 * source: the server's `GET /v1/groups/{g}/reports/monthly` (API.md, when the
 * server has it) or the group's expenses in the local cache, summed here in
 * bigint minor units of the group currency.
 *
 * @module
 */
import { db } from "../db.ts";
import { request } from "../api/client.ts";
import { ApiError } from "../api/errors.ts";
import { formatAmount, parseAmount } from "../money/mod.ts";
import type { Money, MonthlyReport, ReportMonth } from "../types.ts";

export type { MonthlyReport, ReportMonth };

/** Where a report comes from. */
export interface ReportSource {
  readonly name: "server" | "local";
  /** The report; `minPosition` asks the server for at least that position (the cache ignores it). */
  load(groupId: string, currency: string, from: string, to: string, minPosition?: number): Promise<MonthlyReport>;
}

/** The server's report; throws {@linkcode ReportUnavailable} where the server has none (404). */
export const serverReports: ReportSource = {
  name: "server",
  async load(groupId, _currency, from, to, minPosition) {
    try {
      const { data } = await request<MonthlyReport>(`/v1/groups/${groupId}/reports/monthly?from=${from}&to=${to}`, { minPosition });
      return data;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) throw new ReportUnavailable();
      throw e;
    }
  },
};

/** The server has no monthly reports. */
export class ReportUnavailable extends Error {
  constructor() {
    super("the server has no monthly reports");
  }
}

/** Every month `YYYY-MM` from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 240) break;
  }
  return out;
}

/** Sums cached expenses into months (pure, for tests and the local source). */
export function summarise(
  expenses: readonly { date: string; voided: boolean; category: string; converted: Money; shares: { memberId: string; amount: string }[] }[],
  currency: string,
  from: string,
  to: string,
): MonthlyReport {
  const months = new Map(monthsBetween(from, to).map((m) => [m, { total: 0n, cat: new Map<string, bigint>(), mem: new Map<string, bigint>() }]));
  for (const e of expenses) {
    if (e.voided || e.converted.currency !== currency) continue;
    const slot = months.get(e.date.slice(0, 7));
    if (!slot) continue;
    const v = parseAmount(e.converted.amount, currency);
    slot.total += v;
    slot.cat.set(e.category, (slot.cat.get(e.category) ?? 0n) + v);
    for (const s of e.shares) slot.mem.set(s.memberId, (slot.mem.get(s.memberId) ?? 0n) + parseAmount(s.amount, currency));
  }
  const money = (v: bigint): Money => ({ amount: formatAmount(v, currency), currency });
  return {
    currency,
    months: [...months].map(([month, s]) => ({
      month,
      total: money(s.total),
      byCategory: Object.fromEntries([...s.cat].map(([k, v]) => [k, money(v)])),
      byMember: Object.fromEntries([...s.mem].map(([k, v]) => [k, money(v)])),
    })),
    // Computed on the device: the page names the keys from the group's category list.
    categories: {},
  };
}

/** The report computed from the group's expenses cached on this device. */
export const localReports: ReportSource = {
  name: "local",
  async load(groupId, currency, from, to) {
    const rows = await db.expenses
      .where("[groupId+date]")
      .between([groupId, `${from}-01`], [groupId, `${to}-31`], true, true)
      .toArray();
    return summarise(rows, currency, from, to);
  },
};
