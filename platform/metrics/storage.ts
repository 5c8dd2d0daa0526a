/**
 * The free space of the volumes the write guard watches (platform/storage_watcher.ts,
 * ADR 0024), sampled at each scrape: for the "disk filling" and "storage full" alerts
 * (ops/prometheus/alerts.yml). `path` is a watched folder from the configuration
 * (`KOPEK_STORAGE_PATHS`, the embedded server's data folder and `pg_wal`): a bounded set.
 *
 * @module
 */
import { Gauge } from "prom-client";
import type { StorageWatcher } from "../storage_watcher.ts";
import { familiesOf, type Registry } from "./registry.ts";

/**
 * Registers `kopek_storage_free_bytes{path}` and `kopek_storage_min_free_bytes`
 * for `watcher` on `registry`; nothing without a registry. Each scrape samples
 * the volumes again (a `statfs` per folder), so the numbers are fresh even when
 * the guard is off (`KOPEK_MIN_FREE_BYTES=0`: the watcher has no timer).
 */
export function registerStorage(
  registry: Registry | undefined,
  watcher: StorageWatcher,
  minFreeBytes: number,
): void {
  if (!registry) return;
  familiesOf(registry, "kopek_storage", () => {
    new Gauge({
      name: "kopek_storage_free_bytes",
      help:
        "Bytes an unprivileged writer may still use on the volume of each watched folder (KOPEK_STORAGE_PATHS), sampled at the scrape.",
      labelNames: ["path"] as const,
      registers: [registry],
      collect() {
        watcher.check();
        this.reset();
        for (const s of watcher.samples()) this.set({ path: s.path }, s.freeBytes);
      },
    });
    new Gauge({
      name: "kopek_storage_min_free_bytes",
      help:
        "Writes are refused (503 storage_full) while a watched volume has less free space than this (KOPEK_MIN_FREE_BYTES; 0: never).",
      registers: [registry],
    }).set(minFreeBytes);
  });
}
