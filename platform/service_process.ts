/**
 * The start every service process of the distributed mode shares (ADR 0048):
 * its configuration (a bad variable exits 78), its logger, fatal errors
 * exiting the process, its main pool, its share of the database (migrated
 * when its role owns the schema, else checked), one Prometheus registry with
 * the pool on it, and the bus (Valkey when configured, else in-process). The
 * all-in-one builds the same things once for every part (cli/start.ts); the
 * services' `compose(config, shared)` then take them as {@linkcode SharedParts}.
 * A process whose work is not HTTP ends with {@linkcode serveWorkerProcess}.
 *
 * @module
 */
import type { z } from "zod";
import {
  type ConfigFields,
  loadConfigOrExit,
  type ServerConfigFields,
  serverSettings,
} from "./config.ts";
import { createLogger, type Logger } from "./logger.ts";
import { connect, type Sql } from "./db.ts";
import { exitOnFatal } from "./fatal.ts";
import { type ServiceMetrics, serviceMetrics } from "./metrics/mod.ts";
import { registerPool } from "./metrics/db_pool.ts";
import { instrumentBus } from "./metrics/bus.ts";
import { openBus } from "./cache/open.ts";
import type { KeyValueBus } from "./cache/mod.ts";
import { prepareSchemaOrExit, type SchemaPart } from "./schema/prepare.ts";
import type { ReadinessCheck } from "./http/health.ts";
import { serveOperations } from "./service.ts";

/** What the parts of a process share: one pool, one logger, one registry, one bus. */
export interface SharedParts {
  readonly sql: Sql;
  readonly logger: Logger;
  /** The process's registry (undefined when metrics are off). */
  readonly metrics: ServiceMetrics["registry"];
  readonly bus: KeyValueBus;
}

/** The variables every service process reads. */
type ProcessVariables = {
  readonly KOPEK_DATABASE_URL: z.infer<typeof ConfigFields.KOPEK_DATABASE_URL>;
  readonly KOPEK_VALKEY_URL?: string;
  readonly KOPEK_LOG_LEVEL: z.infer<typeof ConfigFields.KOPEK_LOG_LEVEL>;
  readonly KOPEK_METRICS?: "on" | "off";
};

/** The variables of a worker process's server (its port, limits and grace period). */
type WorkerVariables = z.infer<z.ZodObject<typeof ServerConfigFields>> & {
  readonly KOPEK_PORT: number;
};

/** Options of {@linkcode openServiceProcess}. */
export interface ServiceProcessOptions<S extends z.ZodObject> {
  /** The service's configuration schema. */
  readonly config: S;
  /** Its name: the logger's (`kopek-<name>`) and the pool's application name. */
  readonly name: string;
  /** The main pool's size. */
  readonly poolSize: number;
  /** Its share of the database, in migration order. */
  readonly schema: readonly SchemaPart[];
  /** Runs once the database is ready, before the registry and the bus (a check that exits). */
  readonly afterSchema?: (config: z.infer<S>, logger: Logger) => void;
}

/** An opened service process. */
export interface ServiceProcess<C> extends SharedParts {
  readonly config: C;
  /** Its metrics: the registry, the HTTP middleware and `/metrics`'s sources. */
  readonly processMetrics: ServiceMetrics;
  /** Closes the bus, then the pool (within `timeoutS` seconds). */
  close(timeoutS: number): Promise<void>;
}

/** Opens a service process's shared parts (see the module's documentation). */
export async function openServiceProcess<S extends z.ZodObject>(
  options: ServiceProcessOptions<S>,
): Promise<ServiceProcess<z.infer<S>>> {
  const config = loadConfigOrExit(options.config) as z.infer<S> & ProcessVariables;
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: `kopek-${options.name}` });
  // Anything uncaught is fatal: logged, then exit 1 for the orchestrator to restart it.
  exitOnFatal(logger);
  const sql = connect(config.KOPEK_DATABASE_URL, {
    max: options.poolSize,
    applicationName: `kopek-${options.name}`,
  });
  await prepareSchemaOrExit(sql, options.schema, logger);
  options.afterSchema?.(config, logger);
  // One Prometheus registry for the process, served at /metrics (ADR 0036).
  const metrics = serviceMetrics(config);
  registerPool(metrics.registry, sql, "main");
  const bus = instrumentBus(await openBus(config.KOPEK_VALKEY_URL, logger), metrics.registry);
  return {
    config,
    logger,
    sql,
    metrics: metrics.registry,
    processMetrics: metrics,
    bus,
    async close(timeoutS) {
      await bus.close();
      // Nothing is in flight any more: the pool closes at once (bounded, within the margin).
      await sql.end({ timeout: timeoutS });
    },
  };
}

/** A process's background work: started once, stopped at shutdown. */
export interface BackgroundWorker {
  stop(): Promise<void>;
}

/** Options of {@linkcode serveWorkerProcess}. */
export interface WorkerProcessOptions {
  /** Stopped first at shutdown, before `detach`, the bus and the pool. */
  readonly worker: BackgroundWorker;
  /** What `/readyz` checks. */
  readonly checks: readonly ReadinessCheck[];
  /** What `/healthz` checks (default none). */
  readonly liveness?: readonly ReadinessCheck[];
  readonly onListening?: (addr: Deno.NetAddr) => void | Promise<void>;
  /** Runs after the worker stopped, before the bus closes (unsubscribe from it). */
  readonly detach?: () => Promise<void>;
}

/**
 * Serves a worker process's `/healthz`, `/readyz` and `/metrics` on
 * `KOPEK_PORT` until SIGINT/SIGTERM, then stops the worker and closes the
 * bus and the pool: the end every worker process (the projector, the rates
 * and import workers) shares.
 */
export function serveWorkerProcess<C extends WorkerVariables>(
  proc: ServiceProcess<C>,
  options: WorkerProcessOptions,
): Promise<void> {
  return serveOperations({
    checks: options.checks,
    liveness: options.liveness,
    metrics: proc.processMetrics,
    port: proc.config.KOPEK_PORT,
    logger: proc.logger,
    settings: serverSettings(proc.config),
    onListening: options.onListening,
    onShutdown: async () => {
      await options.worker.stop();
      await options.detach?.();
      await proc.close(5);
    },
  });
}
