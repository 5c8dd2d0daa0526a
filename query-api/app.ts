/**
 * The query-api Hono app: authenticated GET routes over the read models,
 * read-your-writes (`Kopek-Min-Position`), `Kopek-Position` on every answer,
 * problem+json for every error.
 *
 * @module
 */
import { attachmentRoutes } from "./routes/attachments.ts";
import { exportTarRoutes } from "./routes/export_tar.ts";
import { fileRoutes } from "./routes/files.ts";
import { openApiDocument } from "@kopek/contract";
import { PERSONAL_FIELDS } from "@kopek/domain";
import { sealPersonalData } from "@kopek/eventstore";
import { Hono, type MiddlewareHandler } from "hono";
import {
  bearerAuth,
  createInProcessBus,
  databaseUnavailable,
  errorHandler,
  EXPIRED,
  guestGate,
  problem,
  ProblemError,
  problemResponse,
  requestContext,
  settleWithin,
  type Sql,
} from "@kopek/platform";
import { appliedPositions, checkpointPosition, reportsProjection } from "@kopek/projector";
import type { QueryApiDeps, RouteDeps } from "./deps.ts";
import { createPositionWaiter, type PositionWaiter } from "./position_waiter.ts";
import { activityRoutes } from "./routes/activity.ts";
import { auditRoutes } from "./routes/audit.ts";
import { exportRoutes } from "./routes/exports.ts";
import { importRoutes } from "./routes/imports.ts";
import { balanceRoutes } from "./routes/balances.ts";
import { expenseRoutes } from "./routes/expenses.ts";
import { expenseHistoryRoutes } from "./routes/expense_history.ts";
import { commentRoutes } from "./routes/comments.ts";
import { categoryRoutes } from "./routes/categories.ts";
import { meBalanceRoutes } from "./routes/me_balances.ts";
import { emailSettingsRoutes } from "./routes/email_settings.ts";
import { recurrenceRoutes } from "./routes/recurrences.ts";
import { groupRoutes } from "./routes/groups.ts";
import { inviteRoutes } from "./routes/invites.ts";
import { memberRoutes } from "./routes/members.ts";
import { meRoutes } from "./routes/me.ts";
import { pushRoutes } from "./routes/push.ts";
import { settlementRoutes } from "./routes/settlements.ts";
import { createLiveHub } from "./live/hub.ts";
import { liveRoutes } from "./routes/live.ts";
import { rateRoutes } from "./routes/rates.ts";
import { reportRoutes } from "./routes/reports.ts";
import { registerReplicaLag } from "./metrics.ts";

/** The query-api app, with the hooks its composition root calls. */
export type QueryApi = Hono & {
  /** Wakes reads waiting for a position (call after each projector batch). */
  notifyAdvanced(position?: number): void;
  /**
   * Ends every live stream with `event: shutdown` and opens no new one (503
   * `shutting_down`); reads go on. Call it once the server stopped accepting.
   */
  endStreams(): Promise<void>;
  /** Releases waiting reads, ends live streams, stops the poller (on shutdown). */
  close(): Promise<void>;
  /** How many listeners the open live streams hold on the hub (0 once every stream ended). */
  liveListeners(): Promise<number>;
};

const MIN_POSITION = /^\d{1,15}$/;

/**
 * Honours `Kopek-Min-Position` / `?minPosition=` (400 when malformed, 503
 * with `Retry-After` when not applied in time) and sets `Kopek-Position`.
 */
function readPosition(
  options: { sql: Sql; waiter: PositionWaiter; timeoutMs: number },
): MiddlewareHandler {
  return async function readPosition(c, next) {
    const raw = c.req.header("kopek-min-position") ?? c.req.query("minPosition");
    let position: number;
    if (raw !== undefined) {
      const text = raw.trim();
      if (!MIN_POSITION.test(text)) {
        throw new ProblemError(
          problem(400, "Kopek-Min-Position must be a non-negative integer", {
            code: "malformed",
            errors: [{ path: "Kopek-Min-Position", message: "must be a non-negative integer" }],
          }),
        );
      }
      // One bound for the whole wait, the checks included (ADR 0023).
      const deadline = performance.now() + options.timeoutMs;
      const wanted = Number(text);
      if (!(await options.waiter.waitFor(wanted, options.timeoutMs))) {
        throw new ProblemError(
          problem(503, `the read models have not applied position ${wanted} yet: retry`, {
            code: "position_not_reached",
          }),
          { "Retry-After": "1" },
        );
      }
      const current = await settleWithin(
        checkpointPosition(options.sql),
        deadline - performance.now(),
      );
      if (current === EXPIRED) throw databaseUnavailable("the read models did not answer in time");
      position = current;
    } else {
      position = await checkpointPosition(options.sql);
    }
    await next();
    // A route that reads elsewhere (reports, on the replica) sets its own.
    if (!c.res.headers.has("Kopek-Position")) c.res.headers.set("Kopek-Position", String(position));
  };
}

/**
 * Creates the query-api app. Each call has its own position waiter (one
 * shared poller per app instance); call `close()` on shutdown.
 *
 * @example
 * ```ts
 * const queryApi = createQueryApi({ sql, store, tokens, logger });
 * const projector = createProjector({ sql, store, logger, onAdvanced: queryApi.notifyAdvanced });
 * Deno.serve(queryApi.fetch);
 * ```
 */
export function createQueryApi(given: QueryApiDeps): QueryApi {
  // Personal data of accounts is sealed in the log; read it opened (ADR 0044).
  const deps = { ...given, store: sealPersonalData(given.store, PERSONAL_FIELDS) };
  const waiter = createPositionWaiter({
    check: (positions) => appliedPositions(deps.sql, positions),
    intervalMs: deps.pollIntervalMs ?? (deps.bus ? 250 : 25),
    logger: deps.logger,
  });
  // The reporting replica's own waiter: it polls the replica's replicated checkpoints.
  const reporting = deps.reportingSql && deps.reportingSql !== deps.sql ? deps.reportingSql : null;
  if (reporting && deps.metrics) {
    registerReplicaLag(deps.metrics, { sql: deps.sql, reportingSql: reporting });
  }
  const replicaWaiter = reporting
    ? createPositionWaiter({
      check: (positions) => appliedPositions(reporting, positions, [reportsProjection.name]),
      intervalMs: 25,
      logger: deps.logger,
    })
    : null;
  const routeDeps: RouteDeps = { ...deps, waiter };
  const bus = deps.bus ?? createInProcessBus();
  const hub = createLiveHub({
    bus,
    logger: deps.logger,
    onAdvanced: () => waiter.notifyAdvanced(),
  });
  const app = new Hono();
  app.onError(errorHandler({
    onUnexpected: (err, c) => (c.get("logger") ?? deps.logger).error({ err }, "unexpected error"),
    onUnavailable: (err, c) =>
      (c.get("logger") ?? deps.logger).warn({ err }, "database unavailable"),
  }));
  app.notFound(() => problemResponse(problem(404, "no such resource", { code: "not_found" })));
  app.use("*", requestContext({ logger: deps.logger }));
  // Generated from the contract's route table (ADR 0046).
  const openApi = JSON.stringify(openApiDocument());
  app.get("/v1/openapi.json", (c) => c.body(openApi, 200, { "content-type": "application/json" }));
  // Signed file URLs carry their own permission (ADR 0055): before bearer auth.
  fileRoutes(deps)(app);
  app.use("/v1/*", bearerAuth({ tokens: deps.tokens }));
  // A guest reads its one group only, while its link works (ADR 0059).
  app.use("/v1/*", guestGate({ source: deps.store, now: () => new Date() }));
  app.use(
    "/v1/*",
    readPosition({ sql: deps.sql, waiter, timeoutMs: deps.minPositionTimeoutMs ?? 2_000 }),
  );
  for (
    const mount of [
      meRoutes(deps),
      groupRoutes(routeDeps),
      memberRoutes(routeDeps),
      inviteRoutes(deps),
      expenseRoutes(deps),
      expenseHistoryRoutes(routeDeps),
      commentRoutes(deps),
      categoryRoutes(deps),
      meBalanceRoutes(deps),
      pushRoutes(deps),
      emailSettingsRoutes(deps),
      recurrenceRoutes(deps),
      settlementRoutes(deps),
      balanceRoutes(routeDeps),
      reportRoutes(routeDeps, { replicaWaiter }),
      activityRoutes(routeDeps),
      auditRoutes(deps),
      exportRoutes(routeDeps),
      exportTarRoutes(deps),
      attachmentRoutes(deps),
      importRoutes(deps),
      liveRoutes({ ...deps, hub }),
      rateRoutes({ ...deps, cache: bus }),
    ]
  ) mount(app);
  return Object.assign(app, {
    notifyAdvanced: (_position?: number) => waiter.notifyAdvanced(),
    endStreams: async () => await (await hub).close(),
    close: async () => {
      waiter.close();
      replicaWaiter?.close();
      await (await hub).close();
    },
    liveListeners: async () => {
      const h = await hub;
      return h.listeners + h.sessionListeners;
    },
  });
}
