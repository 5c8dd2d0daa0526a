/**
 * One extra HTTP server of the all-in-one process (ADR 0063), run in a Web Worker: its own
 * isolate and thread, so it uses another core. It composes the command and the query API from
 * their own modules on a pool of its own and listens on the main isolate's port with
 * `SO_REUSEPORT`; the kernel spreads connections over the servers. The projector and the other
 * workers stay in the main isolate: this one reaches them through messages (a nudge after an
 * append, the projector loop's health, the main isolate's bus and metrics).
 *
 * @module
 */
// First, as the tasks' --preload does for the main isolate (a worker runs no preload): ioredis's
// debug enumerates the environment, which the narrow --allow-env refuses.
import "../platform/preload.ts";
import { composeCommandApi } from "@kopek/command-api";
import { composeQueryApi } from "@kopek/query-api";
import {
  createPostgresEventStore,
  instrumentEventStore,
  schemaReadinessCheck,
} from "@kopek/eventstore";
import { projectorReadinessCheck } from "@kopek/projector";
import {
  busReadinessCheck,
  connect,
  createLogger,
  createTokenIssuer,
  databaseWritableCheck,
  type KeyValueBus,
  loadConfig,
  openBus,
  type ReadinessCheck,
  serveHttp,
  serverSettings,
  serviceMetrics,
  storageReadinessCheck,
  watchStorage,
} from "@kopek/platform";
import { AllInOneConfig } from "./config.ts";
import { allInOneApp } from "./http_app.ts";
import { KOPEK_SCHEMA } from "./schema.ts";
import { loadStaticSite } from "./static_site.ts";
import { busOverPort, type Port } from "./worker_bus.ts";
import type { FromWorker, ToWorker, WorkerStart } from "./http_workers.ts";

/** The pool of each HTTP worker (the main isolate's is 20). */
export const WORKER_POOL_SIZE = 10;

/** Composes and serves; answers `stop` with a drain. */
async function run(port: Port, start: WorkerStart): Promise<void> {
  const post = (message: FromWorker) => port.postMessage(message);
  const config = loadConfig(AllInOneConfig, start.env);
  const log = createLogger({ level: config.KOPEK_LOG_LEVEL }).child({ worker: start.index });
  const sql = connect(start.databaseUrl, {
    max: WORKER_POOL_SIZE,
    applicationName: `kopek-all-in-one-http-${start.index}`,
  });
  // Its own registry for the parts' instruments; /metrics answers the main isolate's figures.
  const metrics = serviceMetrics(config);
  const store = instrumentEventStore(createPostgresEventStore(sql), metrics.registry);
  const bus: KeyValueBus = config.KOPEK_VALKEY_URL
    ? await openBus(config.KOPEK_VALKEY_URL, log)
    : busOverPort(port, log);
  const storage = watchStorage({
    paths: start.storagePaths,
    minFreeBytes: config.KOPEK_MIN_FREE_BYTES,
    logger: log,
  });
  const shared = { sql, logger: log, metrics: metrics.registry, bus, store };
  const parts = { ...config, ...start.secrets };
  const tokens = createTokenIssuer({ secret: start.secrets.KOPEK_JWT_SECRET });
  const commandApi = composeCommandApi(parts, {
    ...shared,
    tokens,
    storage,
    onAppended: () => post({ kind: "nudge", what: "projector" }),
    onImportQueued: () => post({ kind: "nudge", what: "imports" }),
    onMailQueued: () => post({ kind: "nudge", what: "scheduler" }),
  });
  const reportingSql = config.KOPEK_REPORTING_DATABASE_URL
    ? connect(config.KOPEK_REPORTING_DATABASE_URL, {
      max: 5,
      applicationName: `kopek-all-in-one-http-${start.index}-reporting`,
    })
    : sql;
  const queryApi = composeQueryApi(parts, { ...shared, tokens, reportingSql });
  const mainCheck = remoteChecks(port);
  const checks: ReadinessCheck[] = [
    databaseWritableCheck(sql),
    schemaReadinessCheck(sql, KOPEK_SCHEMA),
    busReadinessCheck(bus, config.KOPEK_VALKEY_URL ? "valkey" : "in-process bus"),
    { name: "projector loop", check: () => mainCheck("projector loop") },
    projectorReadinessCheck({ sql, store }),
    ...(start.storagePaths.length > 0
      ? [storageReadinessCheck(storage, config.KOPEK_MIN_FREE_BYTES)]
      : []),
  ];
  const app = allInOneApp({
    publicOrigin: config.KOPEK_PUBLIC_ORIGIN,
    metricsMiddleware: metrics.http,
    metricsSources: config.KOPEK_METRICS === "off" ? [] : [() => mainCheck.metrics()],
    checks,
    commandApi,
    queryApi,
    site: await loadStaticSite(config.KOPEK_WEB_DIR),
  });
  const { limits } = serverSettings(config);
  const server = await serveHttp({
    fetch: app.fetch,
    port: start.port,
    hostname: config.KOPEK_HOSTNAME,
    reusePort: true,
    limits,
    logger: log,
    onDraining: () => queryApi.endStreams(),
  });
  port.addEventListener("message", async (event: MessageEvent) => {
    const message = event.data as ToWorker;
    if (message?.kind !== "stop") return;
    const report = await server.shutdown(message.graceMs);
    await queryApi.close();
    await bus.close();
    if (reportingSql !== sql) await reportingSql.end({ timeout: 1 });
    await sql.end({ timeout: 1 });
    storage.stop();
    post({ kind: "stopped", cut: report.cut, ms: report.ms });
  });
  post({ kind: "listening" });
}

/** Asks the main isolate for the checks only it can run, and for its metrics. */
function remoteChecks(port: Port) {
  let next = 1;
  const pending = new Map<number, (value: unknown) => void>();
  port.addEventListener("message", (event: MessageEvent) => {
    const message = event.data as ToWorker;
    if (message?.kind !== "answer") return;
    pending.get(message.id)?.(message.value);
    pending.delete(message.id);
  });
  const ask = <T>(question: "projector loop" | "metrics"): Promise<T> => {
    const id = next++;
    const answered = new Promise<T>((resolve) => pending.set(id, resolve as (v: unknown) => void));
    port.postMessage({ kind: "ask", id, question } satisfies FromWorker);
    return answered;
  };
  const check = (name: "projector loop") => ask<{ ok: boolean; detail?: string }>(name);
  return Object.assign(check, { metrics: () => ask<string>("metrics") });
}

// Only as a worker: the main isolate imports this module for its types alone.
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  const port = self as unknown as Port;
  const onStart = (event: MessageEvent) => {
    const message = event.data as ToWorker;
    if (message?.kind !== "start") return;
    port.removeEventListener("message", onStart);
    run(port, message).catch((e: unknown) => {
      port.postMessage(
        {
          kind: "failed",
          message: e instanceof Error ? e.stack ?? e.message : String(e),
        } satisfies FromWorker,
      );
    });
  };
  port.addEventListener("message", onStart);
}
