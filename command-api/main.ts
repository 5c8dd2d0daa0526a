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
import { z } from "zod";
import { v7 as uuidv7 } from "uuid";
import {
  createPostgresEventStore,
  eventStoreSchema,
  instrumentEventStore,
  prepareSchemaOrExit,
} from "@kopek/eventstore";
import {
  assertStorageReadable,
  ConfigFields,
  connect,
  createCodeMinter,
  createLogger,
  createRateLimiter,
  createTokenIssuer,
  exitOnFatal,
  hardening,
  healthRoutes,
  instrumentBus,
  loadConfigOrExit,
  openBus,
  publishSessionsEnded,
  registerPool,
  registerStorage,
  registerWalArchive,
  ServerConfigFields,
  serverSettings,
  serveUntilSignal,
  serviceMetrics,
  storageReadinessCheck,
  watchStorage,
} from "@kopek/platform";
import {
  createImportQueue,
  IMPORTS_QUEUED_CHANNEL,
  importsSchema,
  registerImportJobs,
} from "@kopek/imports";
import { createCachedFxResolver, ratesSchema } from "@kopek/rates";
import { createCommandApi } from "./app.ts";
import { commandApiReadiness } from "./readiness.ts";

/** The variables the command API reads. */
export const CommandApiConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_JWT_SECRET: ConfigFields.KOPEK_JWT_SECRET,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_PUBLIC_ORIGIN: ConfigFields.KOPEK_PUBLIC_ORIGIN,
  KOPEK_TRUST_PROXY: ConfigFields.KOPEK_TRUST_PROXY,
  KOPEK_RATE_LIMITS: ConfigFields.KOPEK_RATE_LIMITS,
  KOPEK_BOT_API_KEY: ConfigFields.KOPEK_BOT_API_KEY,
  KOPEK_STORAGE_PATHS: ConfigFields.KOPEK_STORAGE_PATHS,
  KOPEK_MIN_FREE_BYTES: ConfigFields.KOPEK_MIN_FREE_BYTES,
  ...ServerConfigFields,
});

if (import.meta.main) {
  const config = loadConfigOrExit(CommandApiConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-command-api" });
  // Anything uncaught is fatal: logged, then exit 1 for the orchestrator to restart it.
  exitOnFatal(logger);
  const sql = connect(config.KOPEK_DATABASE_URL, { max: 20, applicationName: "kopek-command-api" });
  await prepareSchemaOrExit(sql, [eventStoreSchema, ratesSchema, importsSchema], logger);
  // The database's volumes, when this process can see them (a read-only mount): writes pause
  // (503 storage_full) while one is nearly full.
  try {
    assertStorageReadable(config.KOPEK_STORAGE_PATHS);
  } catch (e) {
    logger.fatal((e as Error).message);
    Deno.exit(78);
  }
  const storage = watchStorage({
    paths: config.KOPEK_STORAGE_PATHS,
    minFreeBytes: config.KOPEK_MIN_FREE_BYTES,
    logger,
  });
  // The cache of rate lookups (shared, invalidated by the rates worker) and the announcements of
  // ended sessions: Valkey when configured.
  // One Prometheus registry for the process, served at /metrics (ADR 0036).
  const metrics = serviceMetrics(config);
  registerPool(metrics.registry, sql, "main");
  // The watched volumes' free space, and the primary's WAL archiver, read at each scrape (alerts:
  // disk filling, backups missing; ops/prometheus/alerts.yml).
  if (config.KOPEK_STORAGE_PATHS.length > 0) {
    registerStorage(metrics.registry, storage, config.KOPEK_MIN_FREE_BYTES);
  }
  registerWalArchive(metrics.registry, sql);
  const bus = instrumentBus(await openBus(config.KOPEK_VALKEY_URL, logger), metrics.registry);
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
  const api = createCommandApi({
    // Appends and commands are counted on the process's registry (ADR 0036).
    store: instrumentEventStore(createPostgresEventStore(sql), metrics.registry),
    metrics: metrics.registry,
    tokens: createTokenIssuer({ secret: config.KOPEK_JWT_SECRET }),
    logger,
    now: () => new Date(),
    newId: uuidv7,
    fx: createCachedFxResolver(sql, bus),
    codes: createCodeMinter(config.KOPEK_JWT_SECRET),
    // Counted in Valkey when configured, so that every replica shares one limit.
    rateLimiter: config.KOPEK_RATE_LIMITS === "on"
      ? createRateLimiter({ counter: bus, logger })
      : null,
    trustProxy: config.KOPEK_TRUST_PROXY === "on",
    botApiKey: config.KOPEK_BOT_API_KEY,
    // Query-api instances end the live streams of ended sessions at once (ADR 0021).
    onSessionsEnded: publishSessionsEnded(bus, logger),
    // Queued imports wake the import workers (serve:imports) through the bus; they also poll.
    imports: createImportQueue({
      sql,
      onQueued: (id) => bus.publish(IMPORTS_QUEUED_CHANNEL, id),
    }),
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
      await bus.close();
      // Nothing is in flight any more: the pool closes at once (bounded, within the margin).
      await sql.end({ timeout: 1 });
    },
  });
}
