/**
 * The `/readyz` entry of the storage watcher: non-critical (reads go on
 * while writes pause), so a nearly full volume shows as "degraded" with the
 * folder and its free space, and `/readyz` stays 200.
 *
 * @module
 */
import type { ReadinessCheck } from "./http/health.ts";
import type { StorageState } from "./storage_watcher.ts";

const MiB = 1024 * 1024;

/** The readiness check of a watcher with threshold `minFreeBytes`. */
export function storageReadinessCheck(
  storage: { state(): StorageState },
  minFreeBytes: number,
): ReadinessCheck {
  return {
    name: "storage",
    critical: false,
    check: () => {
      const { full, lowest } = storage.state();
      const detail = lowest === null
        ? "no watched folder could be read"
        : `${lowest.path}: ${Math.floor(lowest.freeBytes / MiB)} MiB free, writes pause below ` +
          `${Math.floor(minFreeBytes / MiB)} MiB`;
      return Promise.resolve({ ok: !full, detail });
    },
  };
}
