/**
 * The projector as its own process: `deno run -A projector/main.ts`.
 * Migrates the event store and the read models when its role owns the schema
 * (else checks that `kopek migrate` did, and refuses to start otherwise),
 * then follows the log until SIGINT/SIGTERM, announcing each committed batch
 * on Valkey when `KOPEK_VALKEY_URL` is set (query-api instances wake on it).
 * It serves its own `/healthz` (fails when the loop is stuck: restart it),
 * `/readyz` (database, migrations, loop, lag and waiting events) and
 * `/metrics` on `KOPEK_PORT` (default 8080), for an orchestrator's probes.
 * Quarantined streams show in its log (at start, and at `error` when one is
 * quarantined) and in the `/readyz` details.
 *
 * @module
 */
import { z } from "zod";
import { createPostgresEventStore, eventStoreSchema, prepareSchemaOrExit } from "@kopek/eventstore";
import {
  ConfigFields,
  connect,
  createLogger,
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
import { projectorSchema } from "./migrate.ts";
import { createProjector } from "./projector.ts";
import { quarantineSummary } from "./quarantine.ts";
import { publishAdvanced } from "./advanced.ts";
import { projectorServiceHealth } from "./readiness.ts";

/** The variables the projector reads. */
export const ProjectorConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  ...ServerConfigFields,
  KOPEK_PROJECTOR_BATCH_SIZE: z.coerce.number({ error: "must be a positive integer" }).int()
    .min(1, { error: "must be a positive integer" }).max(50_000).default(2000),
});

if (import.meta.main) {
  const config = loadConfigOrExit(ProjectorConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-projector" });
  // Anything uncaught is fatal: logged, then exit 1 for the orchestrator to restart it.
  exitOnFatal(logger);
  const sql = connect(config.KOPEK_DATABASE_URL, { max: 6, applicationName: "kopek-projector" });
  await prepareSchemaOrExit(sql, [eventStoreSchema, projectorSchema], logger);
  // One Prometheus registry for the process, served at /metrics (ADR 0036).
  const metrics = serviceMetrics(config);
  registerPool(metrics.registry, sql, "main");
  const bus = instrumentBus(await openBus(config.KOPEK_VALKEY_URL, logger), metrics.registry);
  const store = createPostgresEventStore(sql);
  const projector = createProjector({
    sql,
    store,
    logger,
    metrics: metrics.registry,
    batchSize: config.KOPEK_PROJECTOR_BATCH_SIZE,
    onAdvanced: publishAdvanced(bus, logger),
  });
  projector.start();
  logger.info({ batchSize: config.KOPEK_PROJECTOR_BATCH_SIZE }, "projector started");
  const quarantine = await quarantineSummary(sql);
  if (quarantine.streams > 0) {
    logger.warn(quarantine, "streams are quarantined: kopek quarantine list (docs/operations.md)");
  }
  // Its own health endpoints (projector/readiness.ts), until SIGINT/SIGTERM.
  await serveOperations({
    ...projectorServiceHealth({ sql, store, projector }),
    metrics,
    port: config.KOPEK_PORT,
    logger,
    settings: serverSettings(config),
    onShutdown: async () => {
      await projector.stop();
      await bus.close();
      await sql.end({ timeout: 5 });
    },
  });
}
