/**
 * The query API as its own service (distributed mode):
 * `deno run -A query-api/main.ts`. At start it applies the migrations when its
 * role owns the schema (safe when several replicas start at once), else
 * checks that `kopek migrate` applied them and refuses to start otherwise. Read-your-writes waits poll the
 * projectors' checkpoints while a read waits.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import { createPostgresEventStore, eventStoreSchema, prepareSchemaOrExit } from "@kopek/eventstore";
import { projectorSchema } from "@kopek/projector";
import { importsSchema } from "@kopek/imports";
import { ratesSchema } from "@kopek/rates";
import {
  ConfigFields,
  connect,
  createLogger,
  createTokenIssuer,
  exitOnFatal,
  hardening,
  healthRoutes,
  instrumentBus,
  LiveConfigFields,
  loadConfigOrExit,
  openBus,
  registerPool,
  ServerConfigFields,
  serverSettings,
  serveUntilSignal,
  serviceMetrics,
} from "@kopek/platform";
import { createQueryApi } from "./app.ts";
import { queryApiReadiness } from "./readiness.ts";

/** The variables the query API reads. */
export const QueryApiConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_REPORTING_DATABASE_URL: ConfigFields.KOPEK_REPORTING_DATABASE_URL,
  KOPEK_JWT_SECRET: ConfigFields.KOPEK_JWT_SECRET,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_PUBLIC_ORIGIN: ConfigFields.KOPEK_PUBLIC_ORIGIN,
  ...ServerConfigFields,
  ...LiveConfigFields,
});

if (import.meta.main) {
  const config = loadConfigOrExit(QueryApiConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-query-api" });
  // Anything uncaught is fatal: logged, then exit 1 for the orchestrator to restart it.
  exitOnFatal(logger);
  const sql = connect(config.KOPEK_DATABASE_URL, { max: 20, applicationName: "kopek-query-api" });
  // Reports read the reporting connection (a streaming replica) when one is configured.
  const reportingSql = config.KOPEK_REPORTING_DATABASE_URL
    ? connect(config.KOPEK_REPORTING_DATABASE_URL, {
      max: 10,
      applicationName: "kopek-query-api-reporting",
    })
    : sql;
  // The read models' tables must exist before the first read, whichever service starts first.
  await prepareSchemaOrExit(
    sql,
    [eventStoreSchema, projectorSchema, ratesSchema, importsSchema],
    logger,
  );
  // Without Valkey, reads still honour Kopek-Min-Position (by polling) but /live sees nothing.
  // One Prometheus registry for the process, served at /metrics (ADR 0036).
  const metrics = serviceMetrics(config);
  registerPool(metrics.registry, sql, "main");
  if (reportingSql !== sql) registerPool(metrics.registry, reportingSql, "reporting");
  const bus = instrumentBus(await openBus(config.KOPEK_VALKEY_URL, logger), metrics.registry);
  const store = createPostgresEventStore(sql);
  const app = new Hono();
  app.use("*", metrics.http);
  app.use("*", hardening({ publicOrigin: config.KOPEK_PUBLIC_ORIGIN }));
  // Every read depends on the projector (another process): past the lag threshold, or with an
  // event left waiting (a dead or paused projector), this replica is not ready
  // (query-api/readiness.ts).
  healthRoutes({ checks: queryApiReadiness({ sql, store, bus }), metrics: metrics.sources })(app);
  const api = createQueryApi({
    sql,
    reportingSql,
    // Where reports were answered, and the replica's lag (ADR 0036).
    metrics: metrics.registry,
    store,
    tokens: createTokenIssuer({ secret: config.KOPEK_JWT_SECRET }),
    logger,
    bus,
    liveStreams: {
      perUser: config.KOPEK_LIVE_STREAMS_PER_USER,
      total: config.KOPEK_LIVE_STREAMS_MAX,
    },
  });
  app.all("/v1/*", (c) => api.fetch(c.req.raw, c.env));
  await serveUntilSignal({
    fetch: app.fetch,
    port: config.KOPEK_PORT,
    logger,
    settings: serverSettings(config),
    // Live streams end with `event: shutdown` as soon as the server stops accepting.
    onDraining: () => api.endStreams(),
    onShutdown: async () => {
      await api.close();
      await bus.close();
      // Nothing is in flight any more: the pools close at once (bounded, within the margin).
      if (reportingSql !== sql) await reportingSql.end({ timeout: 1 });
      await sql.end({ timeout: 1 });
    },
  });
}
