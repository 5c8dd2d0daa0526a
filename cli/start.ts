/**
 * `kopek start`: the all-in-one process. Command API, query API, the
 * projector, the rates worker and the import worker in one process on one port, on the embedded PostgreSQL unless
 * `KOPEK_DATABASE_URL` names a server. The composition only wires the
 * services' own modules together: each part is built by its service's
 * `compose(config, shared)`, as its own `main.ts` builds it (ADR 0048).
 *
 * @module
 */
import { join, resolve } from "node:path";
import {
  createPostgresEventStore,
  instrumentEventStore,
  prepareSchema,
  schemaReadinessCheck,
} from "@kopek/eventstore";
import { projectorLoopCheck, projectorReadinessCheck } from "@kopek/projector";
import {
  assertStorageReadable,
  busReadinessCheck,
  connect,
  createLogger,
  createTokenIssuer,
  databaseWritableCheck,
  type HttpServer,
  type HttpServerOptions,
  instrumentBus,
  loadConfig,
  type Logger,
  openBus,
  registerPool,
  registerStorage,
  registerWalArchive,
  schemaEnv,
  serveHttp,
  serverSettings,
  type ServiceMetrics,
  serviceMetrics,
  SHUTDOWN_MARGIN_MS,
  storageReadinessCheck,
  watchStorage,
} from "@kopek/platform";
import { AllInOneConfig } from "./config.ts";
import { openDatabase } from "./database.ts";
import { randomSecret } from "./embedded_postgres.ts";
import { KOPEK_SCHEMA } from "./schema.ts";
import { loadStaticSite } from "./static_site.ts";
import { allInOneApp } from "./http_app.ts";
import {
  httpServersFor,
  type HttpWorkers,
  type MainSide,
  startHttpWorkers,
  workerSecrets,
  type WorkerStart,
} from "./http_workers.ts";
import {
  composeServices,
  type Services,
  type ServiceWiring,
  startWorkers,
} from "./all_in_one_services.ts";
import { keptVapidKeys } from "./vapid_keys.ts";

/** A secret from the configuration, else one generated once and kept in the data folder. */
async function keptSecret(
  config: AllInOneConfig,
  given: string | undefined,
  file: string,
): Promise<string> {
  if (given) return given;
  const dir = resolve(config.KOPEK_DATA_DIR);
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, file);
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    const secret = randomSecret(48);
    await Deno.writeTextFile(path, secret + "\n", { mode: 0o600 });
    return secret;
  }
}

/**
 * The origin at which this process reaches its own server: the bound address,
 * with a wildcard (0.0.0.0, ::) mapped to the loopback of its family.
 */
export function ownOrigin(addr: Deno.NetAddr): string {
  const host = addr.hostname === "0.0.0.0"
    ? "127.0.0.1"
    : addr.hostname === "::" || addr.hostname === "[::]"
    ? "::1"
    : addr.hostname;
  return `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${addr.port}`;
}

/** A running all-in-one process. */
export interface Running {
  readonly url: string;
  readonly logger: Logger;
  /**
   * Rejects when the process cannot recover (its embedded PostgreSQL can
   * never start again): the caller exits non-zero. Never settles otherwise.
   */
  readonly failed: Promise<never>;
  /**
   * Stops accepting, ends live streams (`event: shutdown`), lets in-flight
   * requests finish within the grace period, then stops the workers, the
   * projector and the database.
   */
  stop(): Promise<void>;
  /** How long `stop()` may take at most, in milliseconds (the grace period and a margin). */
  readonly stopDeadlineMs: number;
}

/**
 * Serves `app` on the configured port, and with `servers > 1` starts the other servers' workers
 * on the same port (ADR 0063); if they cannot start, the server stops and the error is thrown.
 */
async function listen(options: {
  config: AllInOneConfig;
  app: { fetch: HttpServerOptions["fetch"] };
  log: Logger;
  limits: HttpServerOptions["limits"];
  servers: number;
  onDraining: () => void;
  worker: Omit<WorkerStart, "kind" | "index" | "port">;
  main: MainSide;
}): Promise<{ server: HttpServer; workers: HttpWorkers | undefined }> {
  const { config, servers } = options;
  const server = await serveHttp({
    fetch: options.app.fetch,
    port: config.KOPEK_PORT,
    hostname: config.KOPEK_HOSTNAME,
    reusePort: servers > 1,
    limits: options.limits,
    logger: options.log,
    onDraining: options.onDraining,
  });
  if (servers === 1) return { server, workers: undefined };
  try {
    const port = server.addr.port;
    const workers = await startHttpWorkers(servers - 1, { ...options.worker, port }, options.main);
    return { server, workers };
  } catch (e) {
    await server.shutdown(0);
    throw e;
  }
}

/** The database, migrated, with its volumes watched and (when embedded) restarted when it dies. */
async function startDatabase(config: AllInOneConfig, log: Logger) {
  const db = await openDatabase(config, log);
  const sql = connect(db.url, { max: 20, applicationName: "kopek-all-in-one" });
  const storagePaths = [
    ...(db.server ? [db.server.pgdata, join(db.server.pgdata, "pg_wal")] : []),
    ...config.KOPEK_STORAGE_PATHS,
  ];
  // Migrates when the role owns the schema (the embedded server's superuser, a one-role
  // install); the app role of a two-role install only checks (`kopek migrate` ran as the owner).
  try {
    await prepareSchema(sql, KOPEK_SCHEMA, log);
    // Writes pause (503 storage_full) while the database's volumes are nearly full.
    assertStorageReadable(storagePaths);
  } catch (e) {
    await sql.end({ timeout: 5 });
    await db.close();
    throw e;
  }
  const storage = watchStorage({
    paths: storagePaths,
    minFreeBytes: config.KOPEK_MIN_FREE_BYTES,
    logger: log,
  });
  // The embedded server is started again whenever it dies (ADR 0024); the pools reconnect.
  const supervisor = db.server?.supervise();
  return { db, sql, storagePaths, storage, supervisor };
}

type Database = Awaited<ReturnType<typeof startDatabase>>;

/**
 * What every part shares (one pool, one logger, one registry, one bus, one event store), and the
 * configuration with the kept secrets in place of unset variables (ADR 0048).
 */
async function wireShared(config: AllInOneConfig, database: Database, log: Logger) {
  const { sql, storage, storagePaths } = database;
  // One Prometheus registry for every part of the process, one /metrics (ADR 0036).
  const metrics = serviceMetrics(config);
  registerPool(metrics.registry, sql, "main");
  // The watched volumes' free space, and the WAL archiver of the database, read at each scrape
  // (alerts: disk filling, backups missing; ops/prometheus/alerts.yml).
  if (storagePaths.length > 0) {
    registerStorage(metrics.registry, storage, config.KOPEK_MIN_FREE_BYTES);
  }
  registerWalArchive(metrics.registry, sql);
  // Appends (of commands and imports) are counted on it.
  const store = instrumentEventStore(createPostgresEventStore(sql), metrics.registry);
  const secret = await keptSecret(config, config.KOPEK_JWT_SECRET, "jwt-secret");
  // Valkey when configured, else an in-process bus: the projector announces each batch on it,
  // and the query API wakes waiting reads and live streams from it.
  const bus = instrumentBus(await openBus(config.KOPEK_VALKEY_URL, log), metrics.registry);
  const botApiKey = await keptSecret(config, config.KOPEK_BOT_API_KEY, "bot-api-key");
  const shared = { sql, logger: log, metrics: metrics.registry, bus, store };
  const tokens = createTokenIssuer({ secret });
  const vapid = await keptVapidKeys(config.KOPEK_DATA_DIR, {
    publicKey: config.KOPEK_VAPID_PUBLIC_KEY,
    privateKey: config.KOPEK_VAPID_PRIVATE_KEY,
  });
  const parts = {
    ...config,
    KOPEK_JWT_SECRET: secret,
    KOPEK_BOT_API_KEY: botApiKey,
    KOPEK_VAPID_PUBLIC_KEY: vapid.publicKey,
    KOPEK_VAPID_PRIVATE_KEY: vapid.privateKey,
  };
  const wiring: ServiceWiring = { config, parts, shared, tokens, storage, vapid, botApiKey };
  return { metrics, wiring };
}

/**
 * The one HTTP app: both APIs, the PWA, /metrics and every check of every part
 * (docs/operations.md, Health): writes, migrations, the bus, the projector loop of this process,
 * and the read models' lag and waiting events.
 */
async function httpApp(
  config: AllInOneConfig,
  database: Database,
  metrics: ServiceMetrics,
  services: Services,
  log: Logger,
) {
  const { sql, storage, storagePaths } = database;
  const { bus, store } = services.wiring.shared;
  const checks = [
    databaseWritableCheck(sql),
    schemaReadinessCheck(sql, KOPEK_SCHEMA),
    busReadinessCheck(bus, config.KOPEK_VALKEY_URL ? "valkey" : "in-process bus"),
    projectorLoopCheck(services.projector),
    projectorReadinessCheck({ sql, store }),
    // "degraded" while writes pause for a nearly full volume.
    ...(storagePaths.length > 0
      ? [storageReadinessCheck(storage, config.KOPEK_MIN_FREE_BYTES)]
      : []),
  ];
  const site = await loadStaticSite(config.KOPEK_WEB_DIR);
  if (!site) log.warn({ dir: config.KOPEK_WEB_DIR }, "no PWA build found: serving the API only");
  const { embeddedBot } = services;
  return allInOneApp({
    publicOrigin: config.KOPEK_PUBLIC_ORIGIN,
    metricsMiddleware: metrics.http,
    metricsSources: metrics.sources,
    checks,
    commandApi: services.commandApi,
    queryApi: services.queryApi,
    site,
    mountFirst: embeddedBot ? (app) => embeddedBot.mount(app) : undefined,
  });
}

/**
 * The stop of the process, once however often called: the server drains (live streams end,
 * in-flight requests finish within the grace period), then the bot, the workers, the projector,
 * the bus, the pools and the database stop, in that order.
 */
function shutdown(parts: {
  server: HttpServer;
  workers: HttpWorkers | undefined;
  graceMs: number;
  services: Services;
  database: Database;
  log: Logger;
}): () => Promise<void> {
  const { server, workers, graceMs, services, database, log } = parts;
  const { embeddedBot, rates, imports, scheduler, notifier, projector, queryApi } = services;
  const { sql, storage, db } = database;
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      // No new updates by polling; the server then lets in-flight requests (webhook updates
      // included) finish; only then does the bot release its state store.
      await embeddedBot?.stopUpdates();
      const [drained, workersDrained] = await Promise.all([
        server.shutdown(graceMs),
        workers?.stop(graceMs),
      ]);
      log.info({ ...drained, workersCut: workersDrained?.cut }, "server drained");
      await embeddedBot?.close();
      await rates?.stop();
      await imports.stop();
      await scheduler?.stop();
      await notifier.stop();
      await projector.stop();
      await queryApi.close();
      await services.wiring.shared.bus.close();
      // Nothing is in flight any more: the pools close at once (bounded, within the margin).
      if (services.reportingSql !== sql) await services.reportingSql.end({ timeout: 1 });
      await sql.end({ timeout: 1 });
      storage.stop();
      await db.close({ force: true });
      log.info("kopek stopped");
    })();
    return stopping;
  };
}

/** Starts everything; resolves once the server listens. */
export async function startAllInOne(
  // Only the schema's variables: the process runs with --allow-env=KOPEK_* (see deno.json).
  env: Record<string, string | undefined> = schemaEnv(AllInOneConfig),
  logger?: Logger,
): Promise<Running> {
  const config = loadConfig(AllInOneConfig, env);
  const log = logger ?? createLogger({ level: config.KOPEK_LOG_LEVEL });
  const database = await startDatabase(config, log);
  const { metrics, wiring } = await wireShared(config, database, log);
  const services = composeServices(wiring);
  const app = await httpApp(config, database, metrics, services, log);
  // HTTP servers on the one port (ADR 0063): this isolate's and workers' on other cores. The
  // webhook bot is mounted here only, so it keeps the one server.
  const servers = config.KOPEK_TELEGRAM_WEBHOOK_URL
    ? 1
    : httpServersFor(config.KOPEK_HTTP_WORKERS, navigator.hardwareConcurrency);

  startWorkers(services);
  const { projector, imports, scheduler, queryApi } = services;
  // Slow-client limits, and a drain with a bound at stop (ADR 0025).
  const { limits, graceMs } = serverSettings(config);
  const { server, workers } = await listen({
    config,
    app,
    log,
    limits,
    servers,
    // Live streams end with `event: shutdown` as soon as the server stops accepting.
    onDraining: () => queryApi.endStreams(),
    worker: {
      env,
      databaseUrl: database.db.url,
      secrets: workerSecrets(wiring.parts),
      storagePaths: database.storagePaths,
    },
    main: {
      bus: wiring.shared.bus,
      bridgeBus: !config.KOPEK_VALKEY_URL,
      logger: log,
      // A worker's append, queued import or mail wakes this isolate's worker at once.
      nudge: (what) => ({ projector, imports, scheduler })[what]?.nudge(),
      projectorLoop: () => projectorLoopCheck(projector).check(),
      metrics: async () => (await Promise.all(metrics.sources.map((m) => m()))).join(""),
    },
  });
  const host = config.KOPEK_HOSTNAME === "0.0.0.0" ? "localhost" : config.KOPEK_HOSTNAME;
  const url = `http://${host}:${server.addr.port}`;
  log.info(
    { url, database: database.db.embedded ? "embedded" : "external", httpServers: servers },
    "kopek is ready",
  );
  // The bot talks to this process's own API, over HTTP like any client, at the bound address.
  services.embeddedBot?.start(ownOrigin(server.addr));

  return {
    url,
    logger: log,
    failed: Promise.race([
      database.supervisor?.failed ?? new Promise<never>(() => {}),
      workers?.failed ?? new Promise<never>(() => {}),
    ]),
    stopDeadlineMs: graceMs + SHUTDOWN_MARGIN_MS,
    stop: shutdown({ server, workers, graceMs, services, database, log }),
  };
}
