/**
 * `GET /v1/groups/{g}/balances`: from the balances read model, or with
 * `?asOf=` by folding the group's events up to that instant.
 *
 * @module
 */
import type { Hono } from "hono";
import {
  formatAmount,
  type GroupHead,
  groupHeadBalances,
  Instant,
  planOfPairDebts,
  settleUp,
} from "@kopek/domain";
import type { EventStore, SnapshotStore } from "@kopek/eventstore";
import { groupPairDebts as storedPairDebts, groupTotals } from "@kopek/projector";
import { groupHeadAsOf } from "../as_of.ts";
import type { RouteDeps } from "../deps.ts";
import { knownGroup } from "../known_group.ts";
import { jsonWithEtag, parseQuery, requireGroupRole, weakTag } from "../_http.ts";

interface Line {
  readonly memberId: string;
  readonly paid: bigint;
  readonly owed: bigint;
}

/**
 * The API body of balances in a currency at an instant. The settle-up plan is
 * the simplified one, unless `pairDebts` (each pair's net debt, ADR 0052) is
 * given: then it pays each pair's debt as incurred.
 */
export function balancesJson(
  currency: string,
  asOf: string,
  lines: readonly Line[],
  pairDebts: ReadonlyMap<string, bigint> | null = null,
) {
  const money = (minor: bigint) => ({ amount: formatAmount(minor, currency), currency });
  const members = lines.map((l) => ({
    memberId: l.memberId,
    paid: money(l.paid),
    owed: money(l.owed),
    balance: money(l.paid - l.owed),
  }));
  const plan = pairDebts === null
    ? settleUp(lines.map((l) => [l.memberId, l.paid - l.owed] as const))
    : planOfPairDebts(pairDebts);
  return {
    currency,
    asOf,
    simplifyDebts: pairDebts === null,
    members,
    settleUp: plan.map((t) => ({ from: t.from, to: t.to, amount: money(t.amount) })),
  };
}

/**
 * What the balances need of the group folded over the events decided at or
 * before `until` (ms since the epoch): from the latest snapshot's head
 * decided by then when `snapshots` is given, only the entries the later
 * events touch (ADR 0065): O(members + events since the snapshot).
 */
export function foldUntil(
  store: EventStore,
  groupId: string,
  until: number,
  snapshots: SnapshotStore | null = null,
  onSnapshotProblem?: (problem: string, err?: unknown) => void,
): Promise<GroupHead> {
  return groupHeadAsOf(store, groupId, until, { snapshots, onSnapshotProblem });
}

/** Mounts the balances route. */
export function balanceRoutes(deps: RouteDeps) {
  const now = deps.now ?? (() => new Date());
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/balances", async (c) => {
      const query = parseQuery(c, { asOf: Instant.optional() });
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      if (query.asOf !== undefined) {
        const instant = new Date(query.asOf);
        const head = await foldUntil(
          deps.store,
          groupId,
          instant.getTime(),
          deps.snapshots ?? null,
          (problem, err) => deps.logger.warn({ err, groupId }, problem),
        );
        const currency = head.state.exists
          ? head.state.currency
          : (await knownGroup(deps, () => groupTotals(deps.sql, groupId))).currency;
        const b = groupHeadBalances(head);
        const pairs = head.state.simplifyDebts ? null : head.pairDebts;
        return await jsonWithEtag(
          c,
          balancesJson(currency, instant.toISOString(), b.members, pairs),
        );
      }
      const totals = await knownGroup(deps, () => groupTotals(deps.sql, groupId));
      const pairs = totals.simplifyDebts ? null : await storedPairDebts(deps.sql, groupId);
      const body = balancesJson(totals.currency, now().toISOString(), totals.members, pairs);
      // The tag leaves out `asOf` (now): unchanged balances revalidate with a 304.
      const tag = await weakTag(JSON.stringify({ ...body, asOf: null }));
      return await jsonWithEtag(c, body, tag);
    });
  };
}
