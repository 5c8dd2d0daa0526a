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
import { createPostgresEventStore } from "@kopek/eventstore";
import {
  connect,
  hardening,
  healthRoutes,
  openServiceProcess,
  registerPool,
  serverSettings,
  serveUntilSignal,
} from "@kopek/platform";
import { compose, QueryApiConfig } from "./compose.ts";
import { QUERY_API_SCHEMA, queryApiReadiness } from "./readiness.ts";

export { QueryApiConfig };

if (import.meta.main) {
  // The read models' tables must exist before the first read, whichever service starts first.
  // Without Valkey, reads still honour Kopek-Min-Position (by polling) but /live sees nothing.
  const shared = await openServiceProcess({
    config: QueryApiConfig,
    name: "query-api",
    poolSize: 20,
    schema: QUERY_API_SCHEMA,
  });
  const { config, logger, sql, bus, processMetrics: metrics } = shared;
  // Reports read the reporting connection (a streaming replica) when one is configured.
  const reportingSql = config.KOPEK_REPORTING_DATABASE_URL
    ? connect(config.KOPEK_REPORTING_DATABASE_URL, {
      max: 10,
      applicationName: "kopek-query-api-reporting",
    })
    : sql;
  if (reportingSql !== sql) registerPool(metrics.registry, reportingSql, "reporting");
  const store = createPostgresEventStore(sql);
  const app = new Hono();
  app.use("*", metrics.http);
  app.use("*", hardening({ publicOrigin: config.KOPEK_PUBLIC_ORIGIN }));
  // Every read depends on the projector (another process): past the lag threshold, or with an
  // event left waiting (a dead or paused projector), this replica is not ready
  // (query-api/readiness.ts).
  healthRoutes({ checks: queryApiReadiness({ sql, store, bus }), metrics: metrics.sources })(app);
  const api = compose(config, { ...shared, store, reportingSql });
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
