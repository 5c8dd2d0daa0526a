/**
 * The import worker as its own service (distributed mode):
 * `deno task serve:imports`. Runs queued imports off the command API's
 * request path; any number of replicas share the queue (one job per user,
 * at most `IMPORT_POLICY.maxRunning` over all of them). Woken by the command
 * API through Valkey when one is configured, else it polls. It serves
 * `/healthz`, `/readyz` (the database) and `/metrics` (its runs and the jobs
 * by status, ADR 0036) on `KOPEK_PORT` (default 8080).
 *
 * @module
 */
import { z } from "zod";
import { createPostgresEventStore, eventStoreSchema, prepareSchemaOrExit } from "@kopek/eventstore";
import {
  ConfigFields,
  connect,
  createLogger,
  databaseCheck,
  exitOnFatal,
  instrumentBus,
  loadConfigOrExit,
  openBus,
  registerPool,
  serveOperations,
  ServerConfigFields,
  serverSettings,
  serviceMetrics,
} from "@kopek/platform";
import { IMPORTS_QUEUED_CHANNEL } from "./queue.ts";
import { importsSchema } from "./store.ts";
import { createImportWorker } from "./worker.ts";

/** The variables the import worker reads. */
export const ImportsConfig = z.object({
  /** Its `/healthz`, `/readyz` and `/metrics` (ADR 0036). */
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  ...ServerConfigFields,
});

if (import.meta.main) {
  const config = loadConfigOrExit(ImportsConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-imports" });
  // Anything uncaught is fatal: logged, then exit 1 for the orchestrator to restart it.
  exitOnFatal(logger);
  const sql = connect(config.KOPEK_DATABASE_URL, { max: 4, applicationName: "kopek-imports" });
  await prepareSchemaOrExit(sql, [eventStoreSchema, importsSchema], logger);
  // One Prometheus registry for the process, served at /metrics (ADR 0036).
  const metrics = serviceMetrics(config);
  registerPool(metrics.registry, sql, "main");
  const bus = instrumentBus(await openBus(config.KOPEK_VALKEY_URL, logger), metrics.registry);
  const worker = createImportWorker({
    sql,
    store: createPostgresEventStore(sql),
    logger,
    metrics: metrics.registry,
  });
  const unsubscribe = await bus.subscribe(IMPORTS_QUEUED_CHANNEL, () => worker.nudge());
  worker.start();
  // Its health endpoints and metrics, until SIGINT/SIGTERM (handled once it listens).
  await serveOperations({
    checks: [databaseCheck(sql)],
    metrics,
    port: config.KOPEK_PORT,
    logger,
    settings: serverSettings(config),
    onListening: () =>
      logger.info({ workerId: worker.workerId, port: config.KOPEK_PORT }, "import worker started"),
    onShutdown: async () => {
      await worker.stop();
      await unsubscribe();
      await bus.close();
      await sql.end({ timeout: 5 });
    },
  });
}
