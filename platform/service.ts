/**
 * Running a service process: serve an app until SIGINT or SIGTERM, then
 * drain (stop accepting, end live streams, let requests in flight finish
 * within the grace period), release the service's resources, and exit; the
 * process exits within the grace period plus {@linkcode SHUTDOWN_MARGIN_MS}
 * whatever its clients do (ADR 0025). The all-in-one (`kopek start`) stops
 * through {@linkcode exitOnSignal} too.
 *
 * @module
 */
import { Hono } from "hono";
import type { Logger } from "./logger.ts";
import type { ServerSettings } from "./config.ts";
import { healthRoutes, type ReadinessCheck } from "./http/health.ts";
import type { ServiceMetrics } from "./metrics/mod.ts";
import { DEFAULT_HTTP_LIMITS, serveHttp } from "./http/server.ts";
import type { FetchHandler } from "./http/server_adapter.ts";

/** After the grace period, the longest the rest of a shutdown (pools, workers) may take. */
export const SHUTDOWN_MARGIN_MS = 3_000;

/** The default grace period of a shutdown, in milliseconds. */
export const DEFAULT_GRACE_MS = 7_000;

/** Options of {@linkcode serveUntilSignal}. */
export interface ServeOptions {
  /** Gets the connection's details (the client's address) too, as Hono's `env`. */
  readonly fetch: FetchHandler;
  readonly port: number;
  readonly hostname?: string;
  readonly logger: Logger;
  /** The limits on slow clients and the shutdown's grace period (see `serverSettings`). */
  readonly settings?: ServerSettings;
  /** Runs once the server listens (the signals are handled from then on). */
  readonly onListening?: (addr: Deno.NetAddr) => void | Promise<void>;
  /** Runs once the server stopped accepting: end long-lived responses (live streams). */
  readonly onDraining?: () => void | Promise<void>;
  /** Releases the service's resources after the server stopped (pools, workers). */
  readonly onShutdown?: () => Promise<void>;
}

/** Exits once the log lines written so far are out (pino writes asynchronously), within 500 ms. */
function exitAfterLogs(logger: Logger, code: number): void {
  const timer = setTimeout(() => Deno.exit(code), 500);
  try {
    logger.flush(() => {
      clearTimeout(timer);
      Deno.exit(code);
    });
  } catch {
    Deno.exit(code);
  }
}

/**
 * On the first SIGINT or SIGTERM, runs `stop` and exits: 0 once it resolved,
 * 1 when it failed or had not resolved `deadlineMs` after the signal.
 */
export function exitOnSignal(
  stop: () => Promise<void>,
  options: { readonly logger: Logger; readonly deadlineMs: number; readonly onSignal?: () => void },
): void {
  let signalled = false;
  const onSignal = (signal: Deno.Signal) => {
    if (signalled) return;
    signalled = true;
    options.logger.info({ signal }, "shutting down");
    options.onSignal?.();
    const deadline = setTimeout(() => {
      options.logger.error(
        { deadlineMs: options.deadlineMs },
        "shutdown did not finish in time: exiting anyway",
      );
      exitAfterLogs(options.logger, 1);
    }, options.deadlineMs);
    stop().then(() => {
      clearTimeout(deadline);
      options.logger.info("stopped");
      exitAfterLogs(options.logger, 0);
    }, (err) => {
      options.logger.error({ err }, "shutdown failed");
      exitAfterLogs(options.logger, 1);
    });
  };
  Deno.addSignalListener("SIGINT", () => onSignal("SIGINT"));
  Deno.addSignalListener("SIGTERM", () => onSignal("SIGTERM"));
}

/** Serves until a signal arrives, then drains, releases the resources and exits the process. */
export async function serveUntilSignal(options: ServeOptions): Promise<void> {
  const graceMs = options.settings?.graceMs ?? DEFAULT_GRACE_MS;
  const server = await serveHttp({
    fetch: options.fetch,
    port: options.port,
    hostname: options.hostname ?? options.settings?.hostname,
    limits: options.settings?.limits ?? DEFAULT_HTTP_LIMITS,
    logger: options.logger,
    onDraining: options.onDraining,
  });
  const stopped = Promise.withResolvers<void>();
  exitOnSignal(async () => {
    const report = await server.shutdown(graceMs);
    options.logger.info(report, "server drained");
    await options.onShutdown?.();
    stopped.resolve();
  }, { logger: options.logger, deadlineMs: graceMs + SHUTDOWN_MARGIN_MS });
  await options.onListening?.(server.addr);
  await stopped.promise;
}

/** Options of {@linkcode serveOperations}. */
export interface OperationsServeOptions extends Omit<ServeOptions, "fetch"> {
  /** The process's metrics (`serviceMetrics(config)`): its HTTP middleware and `/metrics`. */
  readonly metrics: ServiceMetrics;
  /** What `/readyz` checks. */
  readonly checks: readonly ReadinessCheck[];
  /** What `/healthz` checks (default none: 200 while the process answers). */
  readonly liveness?: readonly ReadinessCheck[];
  /** Mounts the process's other routes (the bot's webhook) after the operations routes. */
  readonly routes?: (app: Hono) => void;
}

/**
 * The HTTP server of a process whose work is not HTTP (the projector, the
 * rates and import workers, the bot): `/healthz`, `/readyz` and `/metrics`
 * (platform/http/health.ts) behind the process's metrics middleware, served
 * by {@linkcode serveUntilSignal} until SIGINT/SIGTERM.
 */
export function serveOperations(options: OperationsServeOptions): Promise<void> {
  const { metrics, checks, liveness, routes, ...serve } = options;
  const app = new Hono();
  app.use("*", metrics.http);
  healthRoutes({ checks, liveness, metrics: metrics.sources })(app);
  routes?.(app);
  return serveUntilSignal({ ...serve, fetch: app.fetch });
}
