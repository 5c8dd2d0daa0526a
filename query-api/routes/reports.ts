/**
 * `GET /v1/groups/{g}/reports/monthly?from=YYYY-MM&to=YYYY-MM`: the monthly
 * reports read model, served from the reporting connection (a streaming read
 * replica where one is configured).
 *
 * Which database answers, and the position it reflects:
 * - `Kopek-Position` is the reports projection's checkpoint read in the same
 *   snapshot (a repeatable-read transaction) as the figures, on the database
 *   that answered: on a lagging replica it is the replica's replicated
 *   checkpoint, not the primary's.
 * - Without `Kopek-Min-Position` the replica answers whatever it has.
 * - With `Kopek-Min-Position: N` (already reached on the primary, or the
 *   read middleware answered 503), the route waits up to `replicaWaitMs` for
 *   the replica to have applied N; then it falls back to the primary.
 * - The replica not knowing the group yet, or failing, also falls back.
 * - `Kopek-Served-By: replica | primary` says which one answered.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import { formatAmount } from "@kopek/domain";
import { problem, ProblemError, type Sql } from "@kopek/platform";
import {
  categoryLabels,
  type CategoryLabelView,
  checkpointPosition,
  monthlyReport,
  type MonthlyReportView,
  reportsProjection,
} from "@kopek/projector";
import type { RouteDeps } from "../deps.ts";
import { knownGroup } from "../known_group.ts";
import type { PositionWaiter } from "../position_waiter.ts";
import { reportsServed, type ServedReason } from "../metrics.ts";
import { jsonWithEtag, parseQuery, requireGroupRole } from "../_http.ts";

/** The most months one report covers (20 years). */
export const MAX_REPORT_MONTHS = 240;

const Month = z.string().regex(/^(?!0000)\d{4}-(0[1-9]|1[0-2])$/, {
  error: "must be a month YYYY-MM",
});

/** What the route needs besides {@linkcode RouteDeps}. */
export interface ReportRoutesOptions {
  /**
   * Waits for positions on the reporting connection (its replicated
   * checkpoints); null when the reporting connection is the primary.
   */
  readonly replicaWaiter: PositionWaiter | null;
}

/** How long a report waits for a lagging replica before the primary answers (ms). */
const DEFAULT_REPLICA_WAIT_MS = 500;

function invalid(path: string, message: string): ProblemError {
  return new ProblemError(
    problem(422, `${path}: ${message}`, { code: "validation", errors: [{ path, message }] }),
  );
}

/** A month as a count of months since year 0. */
function monthIndex(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return y * 12 + m - 1;
}

/** The month `back` months before `month` (not before 0001-01). */
function monthsBefore(month: string, back: number): string {
  const i = Math.max(12, monthIndex(month) - back);
  return `${String(Math.floor(i / 12)).padStart(4, "0")}-${String(i % 12 + 1).padStart(2, "0")}`;
}

/**
 * The API body of a report; `labels` names each category key (a key the
 * labels lack, which the read models never give, shows as itself).
 */
export function monthlyReportJson(
  report: MonthlyReportView,
  labels: ReadonlyMap<string, CategoryLabelView> = new Map(),
) {
  const { currency } = report;
  const money = (minor: bigint) => ({ amount: formatAmount(minor, currency), currency });
  const record = (m: Map<string, bigint>) =>
    Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, money(v)]));
  const categories: Record<string, CategoryLabelView> = {};
  for (const m of report.months) {
    for (const key of m.byCategory.keys()) {
      categories[key] = labels.get(key) ?? { name: key, icon: null, colour: null };
    }
  }
  return {
    currency,
    months: report.months.map((m) => ({
      month: m.month,
      total: money(m.total),
      byCategory: record(m.byCategory),
      byMember: record(m.byMember),
    })),
    categories: Object.fromEntries(
      Object.entries(categories).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, {
        name: v.name,
        icon: v.icon,
        colour: v.colour,
      }]),
    ),
  };
}

/** The figures and the checkpoint they reflect, read in one snapshot. */
function snapshot(sql: Sql, groupId: string, from: string, to: string) {
  return sql.begin("isolation level repeatable read read only", async (tx) => ({
    position: await checkpointPosition(tx, [reportsProjection.name]),
    report: await monthlyReport(tx, groupId, from, to),
    labels: await categoryLabels(tx, groupId),
  }));
}

function minPositionOf(c: Context): number | null {
  // Already validated by the read middleware (400 when malformed).
  const raw = c.req.header("kopek-min-position") ?? c.req.query("minPosition");
  return raw === undefined ? null : Number(raw.trim());
}

/** Mounts the monthly reports route. */
export function reportRoutes(deps: RouteDeps, options: ReportRoutesOptions) {
  const now = deps.now ?? (() => new Date());
  const replica = options.replicaWaiter && deps.reportingSql && deps.reportingSql !== deps.sql
    ? { sql: deps.reportingSql, waiter: options.replicaWaiter }
    : null;
  const waitMs = deps.replicaWaitMs ?? DEFAULT_REPLICA_WAIT_MS;
  const served = replica && deps.metrics ? reportsServed(deps.metrics) : null;
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/reports/monthly", async (c) => {
      const query = parseQuery(c, { from: Month.optional(), to: Month.optional() });
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      // The range after the group: a group the caller may not see is a 404 whatever the range.
      // Default: the twelve months up to `to`, itself the current month.
      const to = query.to ?? now().toISOString().slice(0, 7);
      const from = query.from ?? monthsBefore(to, 11);
      if (from > to) throw invalid("query.from", "must not be after to");
      if (monthIndex(to) - monthIndex(from) + 1 > MAX_REPORT_MONTHS) {
        throw invalid("query.to", `must be at most ${MAX_REPORT_MONTHS} months after from`);
      }
      let answer: Awaited<ReturnType<typeof snapshot>> | null = null;
      let servedBy: "replica" | "primary" = "primary";
      let reason: ServedReason = "ok";
      if (replica) {
        const min = minPositionOf(c);
        try {
          if (min === null || await replica.waiter.waitFor(min, waitMs)) {
            answer = await snapshot(replica.sql, groupId, from, to);
            servedBy = "replica";
          } else reason = "lagging";
        } catch (err) {
          reason = "replica_failed";
          (c.get("logger") ?? deps.logger).warn({ err }, "reporting replica failed: primary");
        }
        // A replica that does not know the group yet (it lags its creation): the primary.
        if (answer?.report === null) {
          answer = null;
          reason = "unknown_group";
        }
      }
      if (answer === null) {
        answer = await snapshot(deps.sql, groupId, from, to);
        servedBy = "primary";
      }
      const { position, report, labels } = answer.report === null
        ? await knownGroup(deps, async () => {
          const again = await snapshot(deps.sql, groupId, from, to);
          return again.report === null ? null : { ...again, report: again.report };
        })
        : { ...answer, report: answer.report };
      c.header("Kopek-Position", String(position));
      c.header("Kopek-Served-By", servedBy);
      served?.(servedBy, servedBy === "replica" ? "ok" : reason);
      return await jsonWithEtag(c, monthlyReportJson(report, labels));
    });
  };
}
