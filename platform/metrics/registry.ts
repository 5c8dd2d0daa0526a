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

const created = new WeakMap<Registry, Map<string, unknown>>();

/**
 * The families `create` registers on `registry`, created once per registry
 * under `key` (prom-client refuses a name registered twice): parts built
 * again on the same registry (a test, a restarted worker) share them.
 */
export function familiesOf<T>(registry: Registry, key: string, create: () => T): T {
  let byKey = created.get(registry);
  if (!byKey) created.set(registry, byKey = new Map());
  if (!byKey.has(key)) byKey.set(key, create());
  return byKey.get(key) as T;
}

/**
 * A label value from an open set kept bounded: `value` while fewer than
 * `max` distinct values were seen (and it looks like a code), else "other".
 */
export function boundedLabel(seen: Set<string>, value: string, max = 100): string {
  if (seen.has(value)) return value;
  if (seen.size >= max || !/^[a-z][a-z0-9_.:-]{0,63}$/.test(value)) return "other";
  seen.add(value);
  return value;
}

/** The registry's families in Prometheus text, for `healthRoutes({ metrics })`. */
export function registryMetricsSource(registry: Registry): MetricsSource {
  return () => registry.metrics();
}
