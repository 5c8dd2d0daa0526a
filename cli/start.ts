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
import { composeCommandApi } from "@kopek/command-api";
import {
  createPostgresEventStore,
  instrumentEventStore,
  prepareSchema,
  schemaReadinessCheck,
} from "@kopek/eventstore";
import { composeProjector, projectorLoopCheck, projectorReadinessCheck } from "@kopek/projector";
import { composeQueryApi } from "@kopek/query-api";
import { composeImports } from "@kopek/imports";
import { composeRates, createCachedFxResolver } from "@kopek/rates";
import { composeScheduler } from "@kopek/scheduler";
import { composeNotifier } from "@kopek/notifier";
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
import { startEmbeddedBot } from "./embedded_bot.ts";
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

/** Starts everything; resolves once the server listens. */
export async function startAllInOne(
  // Only the schema's variables: the process runs with --allow-env=KOPEK_* (see deno.json).
  env: Record<string, string | undefined> = schemaEnv(AllInOneConfig),
  logger?: Logger,
): Promise<Running> {
  const config = loadConfig(AllInOneConfig, env);
  const log = logger ?? createLogger({ level: config.KOPEK_LOG_LEVEL });
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
  // What every part shares: one pool, one logger, one registry, one bus, one event store.
  const shared = { sql, logger: log, metrics: metrics.registry, bus, store };
  const tokens = createTokenIssuer({ secret });
  // The services' own wiring (ADR 0048), with the kept secrets in place of unset variables.
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
  const commandApi = composeCommandApi(parts, {
    ...shared,
    tokens,
    storage,
    // One process: wake the projector at once instead of at its next idle tick.
    onAppended: () => projector.nudge(),
    // One process: a queued import wakes the import worker at once.
    onImportQueued: () => imports.nudge(),
    // One process: a queued mail wakes the scheduler, which sends it (ADR 0060).
    onMailQueued: () => scheduler?.nudge(),
  });
  const embeddedBot = config.KOPEK_TELEGRAM_TOKEN
    ? startEmbeddedBot(config, botApiKey, log, metrics.registry)
    : undefined;
  const rates = config.KOPEK_RATES_FETCH === "on" ? composeRates(config, shared) : null;
  // Reports read the reporting connection (a streaming replica of the main database) when set.
  const reportingSql = config.KOPEK_REPORTING_DATABASE_URL
    ? connect(config.KOPEK_REPORTING_DATABASE_URL, {
      max: 5,
      applicationName: "kopek-all-in-one-reporting",
    })
    : sql;
  if (reportingSql !== sql) registerPool(metrics.registry, reportingSql, "reporting");
  const queryApi = composeQueryApi(parts, { ...shared, tokens, reportingSql });
  const projector = composeProjector({}, shared);
  // Imports run here, off the request path, one at a time (ADR 0018).
  const imports = composeImports({}, { ...shared, onAppended: () => projector.nudge() });
  // Recurring expenses' occurrences, recorded through the group decider (ADR 0051).
  const scheduler = config.KOPEK_SCHEDULER === "on"
    ? composeScheduler(config, {
      ...shared,
      fx: createCachedFxResolver(sql, bus),
      onAppended: () => projector.nudge(),
    })
    : null;
  // Web push (ADR 0057): follows the log behind the projector, sends with retries.
  const notifier = composeNotifier(parts, {
    ...shared,
    vapid: { ...vapid, subject: config.KOPEK_VAPID_SUBJECT },
  });

  const checks = [
    databaseWritableCheck(sql),
    schemaReadinessCheck(sql, KOPEK_SCHEMA),
    busReadinessCheck(bus, config.KOPEK_VALKEY_URL ? "valkey" : "in-process bus"),
    projectorLoopCheck(projector),
    projectorReadinessCheck({ sql, store }),
    // "degraded" while writes pause for a nearly full volume.
    ...(storagePaths.length > 0
      ? [storageReadinessCheck(storage, config.KOPEK_MIN_FREE_BYTES)]
      : []),
  ];
  const site = await loadStaticSite(config.KOPEK_WEB_DIR);
  if (!site) log.warn({ dir: config.KOPEK_WEB_DIR }, "no PWA build found: serving the API only");
  // Every check of every part (docs/operations.md, Health): writes, migrations, the bus, the
  // projector loop of this process, and the read models' lag and waiting events.
  const app = allInOneApp({
    publicOrigin: config.KOPEK_PUBLIC_ORIGIN,
    metricsMiddleware: metrics.http,
    metricsSources: metrics.sources,
    checks,
    commandApi,
    queryApi,
    site,
    mountFirst: embeddedBot ? (app) => embeddedBot.mount(app) : undefined,
  });
  // HTTP servers on the one port (ADR 0063): this isolate's and workers' on other cores. The
  // webhook bot is mounted here only, so it keeps the one server.
  const servers = config.KOPEK_TELEGRAM_WEBHOOK_URL
    ? 1
    : httpServersFor(config.KOPEK_HTTP_WORKERS, navigator.hardwareConcurrency);

  projector.start();
  rates?.start();
  imports.start();
  scheduler?.start();
  notifier.start();
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
      databaseUrl: db.url,
      secrets: workerSecrets(parts),
      storagePaths,
    },
    main: {
      bus,
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
    { url, database: db.embedded ? "embedded" : "external", httpServers: servers },
    "kopek is ready",
  );
  // The bot talks to this process's own API, over HTTP like any client, at the bound address.
  embeddedBot?.start(ownOrigin(server.addr));

  let stopping: Promise<void> | undefined;
  return {
    url,
    logger: log,
    failed: Promise.race([
      supervisor?.failed ?? new Promise<never>(() => {}),
      workers?.failed ?? new Promise<never>(() => {}),
    ]),
    stopDeadlineMs: graceMs + SHUTDOWN_MARGIN_MS,
    stop() {
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
        await bus.close();
        // Nothing is in flight any more: the pools close at once (bounded, within the margin).
        if (reportingSql !== sql) await reportingSql.end({ timeout: 1 });
        await sql.end({ timeout: 1 });
        storage.stop();
        await db.close({ force: true });
        log.info("kopek stopped");
      })();
      return stopping;
    },
  };
}
