/**
 * A user's balance per group for the weekly summary, from the read models
 * only: the same plan as `GET /v1/me/balances` (query-api), summed per group
 * and currency.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import { crossGroupBalances, defaultPlan, formatAmount, planOfPairDebts } from "@kopek/domain";
import { unsimplifiedPairDebts, userGroupTotals } from "@kopek/projector";
import type { SummaryGroup } from "./templates.ts";

/** The most groups a summary lists. */
export const MAX_SUMMARY_GROUPS = 50;

/** The user's net balance per group and currency (positive: the user gets money). */
export async function summaryBalances(sql: Sql, userId: string): Promise<SummaryGroup[]> {
  const groups = await userGroupTotals(sql, userId, MAX_SUMMARY_GROUPS);
  const pairs = await unsimplifiedPairDebts(sql, groups.map((g) => g.groupId));
  const lines = crossGroupBalances(groups, userId, (g) => {
    const debts = pairs.get(g.groupId);
    return debts ? planOfPairDebts(debts) : defaultPlan(g);
  });
  const net = new Map<string, Map<string, bigint>>();
  for (const line of lines) {
    for (const g of line.groups) {
      const of = net.get(g.groupId) ?? new Map<string, bigint>();
      of.set(line.currency, (of.get(line.currency) ?? 0n) + g.amount);
      net.set(g.groupId, of);
    }
  }
  return groups.map((g) => ({
    name: g.name,
    balances: [...(net.get(g.groupId) ?? new Map()).entries()]
      .filter(([, amount]) => amount !== 0n)
      .map(([currency, amount]) => ({ currency, amount: formatAmount(amount, currency) })),
  }));
}
