/**
 * `GET /v1/me/balances`: what the caller owes and is owed across their
 * groups. For each group where the caller is an active member (the access
 * read model; at most {@linkcode MAX_ME_BALANCE_GROUPS}, by name), the
 * group's settle-up plan from the balances read model (the pairwise one of
 * a group that does not simplify debts, ADR 0052: the same transfers as the
 * group's balances route), and of it the transfers where the caller pays or
 * is paid, summed per counterpart person and currency (`crossGroupBalances`).
 * Only the caller's own groups are read.
 *
 * @module
 */
import type { Hono } from "hono";
import {
  crossGroupBalances,
  crossGroupTotals,
  defaultPlan,
  formatAmount,
  planOfPairDebts,
} from "@kopek/domain";
import { unsimplifiedPairDebts, userGroupTotals } from "@kopek/projector";
import type { QueryApiDeps } from "../deps.ts";
import { jsonWithEtag, parseQuery } from "../_http.ts";

/** The most groups one answer reads; `truncated` says the caller has more. */
export const MAX_ME_BALANCE_GROUPS = 200;

/** Mounts `GET /v1/me/balances`. */
export function meBalanceRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/me/balances", async (c) => {
      parseQuery(c, {});
      const userId: string = c.get("userId");
      const groups = await userGroupTotals(deps.sql, userId, MAX_ME_BALANCE_GROUPS + 1);
      const truncated = groups.length > MAX_ME_BALANCE_GROUPS;
      const read = groups.slice(0, MAX_ME_BALANCE_GROUPS);
      const pairs = await unsimplifiedPairDebts(deps.sql, read.map((g) => g.groupId));
      const lines = crossGroupBalances(read, userId, (g) => {
        const debts = pairs.get(g.groupId);
        return debts ? planOfPairDebts(debts) : defaultPlan(g);
      });
      const money = (minor: bigint, currency: string) => ({
        amount: formatAmount(minor, currency),
        currency,
      });
      return await jsonWithEtag(c, {
        items: lines.map((l) => ({
          person: l.person,
          currency: l.currency,
          owes: money(l.owes, l.currency),
          owed: money(l.owed, l.currency),
          net: money(l.owed - l.owes, l.currency),
          groups: l.groups.map((g) => ({
            groupId: g.groupId,
            name: g.name,
            amount: money(g.amount, l.currency),
          })),
        })),
        totals: crossGroupTotals(lines).map((t) => ({
          currency: t.currency,
          owes: money(t.owes, t.currency),
          owed: money(t.owed, t.currency),
          net: money(t.owed - t.owes, t.currency),
        })),
        groups: read.length,
        truncated,
      });
    });
  };
}
