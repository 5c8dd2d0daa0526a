/**
 * The one Prometheus registry of a process (ADR 0036): every part of the
 * process (its HTTP app, its workers, in the all-in-one all of them)
 * registers its families here, and `/metrics` serves it.
 *
 * @module
 */
import { Registry } from "prom-client";
import type { MetricsSource } from "../http/health.ts";
import { collectProcessMetrics } from "./process.ts";

export { Registry };

/**
 * A registry with the process's own families (event-loop lag, memory, CPU,
 * GC): create one per process, at its start.
 */
export function createMetricsRegistry(options: { process?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.process ?? true) collectProcessMetrics(registry);
  return registry;
}

/** The registry's families in Prometheus text, for `healthRoutes({ metrics })`. */
export function registryMetricsSource(registry: Registry): MetricsSource {
  return () => registry.metrics();
}
