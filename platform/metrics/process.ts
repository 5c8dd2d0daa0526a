/**
 * The process's own families, from prom-client's default metrics where they
 * are true on Deno (CPU, event-loop lag from `monitorEventLoopDelay`, V8 heap
 * spaces, handles) and from `Deno.memoryUsage()` where they are
 * not: prom-client reads `/proc/self/status` and `/proc/self/fd` for memory
 * and open files, which a service's narrow `--allow-read` forbids, and then
 * reports 0. Those families are dropped rather than served false, and so are
 * the GC histogram (Deno emits no "gc" performance entries: it stays empty)
 * and the `nodejs_active_*_total` gauges (sums of `nodejs_active_*`, whose
 * `_total` suffix `promtool check metrics` refuses on a gauge).
 *
 * @module
 */
import { collectDefaultMetrics, Gauge, type Registry } from "prom-client";

/**
 * Default families dropped: those that read /proc and would answer 0 under the
 * services' permissions, and gauges named like counters.
 */
export const DROPPED_DEFAULTS = [
  "process_resident_memory_bytes",
  "process_virtual_memory_bytes",
  "process_heap_bytes",
  "process_open_fds",
  "process_max_fds",
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
  // Deno 2.9 emits no "gc" performance entries: the histogram would stay empty forever.
  "nodejs_gc_duration_seconds",
] as const;

/** Registers the process families on `registry`. */
export function collectProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  for (const name of DROPPED_DEFAULTS) registry.removeSingleMetric(name);
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes (Deno.memoryUsage().rss).",
    registers: [registry],
    collect() {
      this.set(Deno.memoryUsage().rss);
    },
  });
  new Gauge({
    name: "deno_memory_bytes",
    help: "Deno.memoryUsage(): rss, heap_total, heap_used and external memory in bytes.",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      const m = Deno.memoryUsage();
      this.set({ kind: "rss" }, m.rss);
      this.set({ kind: "heap_total" }, m.heapTotal);
      this.set({ kind: "heap_used" }, m.heapUsed);
      this.set({ kind: "external" }, m.external);
    },
  });
}
