/**
 * The command API as its own service (distributed mode):
 * `deno run -A command-api/main.ts`. At start it applies the event store's
 * and the rates' migrations when its role owns the schema (safe when several
 * replicas start at once), else checks that `kopek migrate` applied them and
 * refuses to start otherwise (ADR 0022). Imports are queued here and run by
 * `serve:imports`.
 *
 * @module
 */
import { Hono } from "hono";
import { createPostgresEventStore, instrumentEventStore } from "@kopek/eventstore";
import {
  assertStorageReadable,
  hardening,
  healthRoutes,
  openServiceProcess,
  registerStorage,
  registerWalArchive,
  serverSettings,
  serveUntilSignal,
  storageReadinessCheck,
  watchStorage,
} from "@kopek/platform";
import { registerImportJobs } from "@kopek/imports";
import { CommandApiConfig, compose } from "./compose.ts";
import { COMMAND_API_SCHEMA, commandApiReadiness } from "./readiness.ts";

export { CommandApiConfig };

if (import.meta.main) {
  const shared = await openServiceProcess({
    config: CommandApiConfig,
    name: "command-api",
    poolSize: 20,
    schema: COMMAND_API_SCHEMA,
    // The database's volumes, when this process can see them (a read-only mount): writes pause
    // (503 storage_full) while one is nearly full.
    afterSchema: (config, logger) => {
      try {
        assertStorageReadable(config.KOPEK_STORAGE_PATHS);
      } catch (e) {
        logger.fatal((e as Error).message);
        Deno.exit(78);
      }
    },
  });
  const { config, logger, sql, bus, processMetrics: metrics } = shared;
  const storage = watchStorage({
    paths: config.KOPEK_STORAGE_PATHS,
    minFreeBytes: config.KOPEK_MIN_FREE_BYTES,
    logger,
  });
  // The watched volumes' free space, and the primary's WAL archiver, read at each scrape (alerts:
  // disk filling, backups missing; ops/prometheus/alerts.yml).
  if (config.KOPEK_STORAGE_PATHS.length > 0) {
    registerStorage(metrics.registry, storage, config.KOPEK_MIN_FREE_BYTES);
  }
  registerWalArchive(metrics.registry, sql);
  const app = new Hono();
  app.use("*", metrics.http);
  app.use("*", hardening({ publicOrigin: config.KOPEK_PUBLIC_ORIGIN }));
  // Database writable, migrations applied; Valkey reported (command-api/readiness.ts); the
  // watched volumes' free space, when any are watched.
  healthRoutes({
    checks: [
      ...commandApiReadiness({ sql, bus }),
      ...(config.KOPEK_STORAGE_PATHS.length > 0
        ? [storageReadinessCheck(storage, config.KOPEK_MIN_FREE_BYTES)]
        : []),
    ],
    metrics: metrics.sources,
  })(app);
  // The import jobs by status, read at each scrape: the workers that run them serve no /metrics.
  registerImportJobs(metrics.registry, sql);
  const api = compose(config, {
    ...shared,
    // Appends and commands are counted on the process's registry (ADR 0036).
    store: instrumentEventStore(createPostgresEventStore(sql), metrics.registry),
    storage,
  });
  app.all("/v1/*", (c) => api.fetch(c.req.raw, c.env));
  await serveUntilSignal({
    fetch: app.fetch,
    port: config.KOPEK_PORT,
    logger,
    settings: serverSettings(config),
    onShutdown: async () => {
      storage.stop();
      await shared.close(1);
    },
  });
}
