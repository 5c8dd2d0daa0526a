/**
 * Prometheus metrics (ADR 0036): one registry per process, its HTTP
 * middleware, and what a service's `main.ts` wires.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { MetricsSource } from "../http/health.ts";
import { createMetricsRegistry, type Registry, registryMetricsSource } from "./registry.ts";
import { httpMetricsMiddleware } from "./http.ts";

export * from "./registry.ts";
export * from "./http.ts";
export * from "./process.ts";
export * from "./bus.ts";
export * from "./db_pool.ts";
export * from "./storage.ts";
export * from "./wal_archive.ts";

/** What a service wires: the registry its parts register on, the middleware, `/metrics`'s source. */
export interface ServiceMetrics {
  /**
   * The process's registry, for its parts to count on; undefined when metrics
   * are off (then nothing is measured at all).
   */
  readonly registry: Registry | undefined;
  /** `app.use("*", metrics.http)` first on the process's app (a pass-through when off). */
  readonly http: MiddlewareHandler;
  /** For `healthRoutes({ metrics })` (none when off: `/metrics` answers an empty body). */
  readonly sources: readonly MetricsSource[];
}

/** The metrics of a process, per `KOPEK_METRICS` (`on` by default). */
export function serviceMetrics(config: { KOPEK_METRICS?: "on" | "off" }): ServiceMetrics {
  if (config.KOPEK_METRICS === "off") {
    return {
      registry: undefined,
      http: (_c, next) => next(),
      sources: [],
    };
  }
  const registry = createMetricsRegistry();
  return {
    registry,
    http: httpMetricsMiddleware(registry),
    sources: [registryMetricsSource(registry)],
  };
}
