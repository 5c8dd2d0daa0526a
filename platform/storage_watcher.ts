/**
 * Free space of the volumes the database writes to, sampled on a timer so
 * that the write guard ({@linkcode storageGuard}) reads a cached answer and
 * never calls `statfs` per request. Below the threshold the volume counts as
 * full: writes are refused before PostgreSQL runs out of room for its WAL
 * (where it PANICs) and resume by themselves once space is back.
 *
 * @module
 */
import { statfsSync } from "node:fs";
import type { Logger } from "./logger.ts";

/** One volume's free space, as seen through one of its folders. */
export interface StorageSample {
  readonly path: string;
  /** Bytes an unprivileged writer may still use (`f_bavail × f_bsize`). */
  readonly freeBytes: number;
}

/** What the watcher last saw. */
export interface StorageState {
  /** True when some watched volume has less free space than the threshold. */
  readonly full: boolean;
  /** The watched folder with the least free space (null before the first sample or with none). */
  readonly lowest: StorageSample | null;
}

/** Whether these samples mean "full" under `minFreeBytes` (0: never). Pure. */
export function storageState(
  samples: readonly StorageSample[],
  minFreeBytes: number,
): StorageState {
  let lowest: StorageSample | null = null;
  for (const s of samples) if (lowest === null || s.freeBytes < lowest.freeBytes) lowest = s;
  return { full: lowest !== null && minFreeBytes > 0 && lowest.freeBytes < minFreeBytes, lowest };
}

/** Free bytes of the volume holding `path` (throws when the path cannot be read). */
export function freeBytesOf(path: string): number {
  const s = statfsSync(path);
  return Number(s.bavail) * Number(s.bsize);
}

/**
 * Checks that every folder can be sampled now; throws an error naming the
 * first that cannot (missing, or not readable: Deno needs `--allow-read` of
 * it and `--allow-sys=statfs`), for a process to refuse to start.
 */
export function assertStorageReadable(paths: readonly string[]): void {
  for (const path of paths) {
    try {
      freeBytesOf(path);
    } catch (e) {
      throw new Error(
        `KOPEK_STORAGE_PATHS: cannot read the free space of ${path} (${(e as Error).message}); ` +
          "the folder must exist and the process needs --allow-read of it and --allow-sys=statfs",
      );
    }
  }
}

/** A running watcher. */
export interface StorageWatcher {
  /** The cached state (refreshed every `intervalMs`). */
  state(): StorageState;
  /** Samples now, updates the cached state and returns it. */
  check(): StorageState;
  /** Every folder's free space at the last sample (those that could be read). */
  samples(): readonly StorageSample[];
  /** Stops the timer. */
  stop(): void;
}

/** Options of {@linkcode watchStorage}. */
export interface WatchStorageOptions {
  /** Folders on the volumes to watch (the data folder, `pg_wal`); none: never full. */
  readonly paths: readonly string[];
  /** The threshold in bytes (0: never full). */
  readonly minFreeBytes: number;
  readonly logger: Logger;
  /** How often to sample (default 1 s). */
  readonly intervalMs?: number;
  /** Tests pass a fake. */
  readonly freeBytes?: (path: string) => number;
}

/** The default sampling period: a second of writes is far below the headroom. */
export const STORAGE_CHECK_INTERVAL_MS = 1000;

/**
 * Watches free space. A folder that cannot be sampled (missing, or not
 * readable by this process) is logged once and left out until it can be.
 */
export function watchStorage(options: WatchStorageOptions): StorageWatcher {
  const freeBytes = options.freeBytes ?? freeBytesOf;
  const failing = new Set<string>();
  let current: StorageState = { full: false, lowest: null };
  let last: readonly StorageSample[] = [];

  function check(): StorageState {
    const samples: StorageSample[] = [];
    for (const path of options.paths) {
      try {
        samples.push({ path, freeBytes: freeBytes(path) });
        failing.delete(path);
      } catch (err) {
        if (!failing.has(path)) {
          options.logger.warn({ err, path }, "cannot read the free space of a watched folder");
        }
        failing.add(path);
      }
    }
    last = samples;
    const next = storageState(samples, options.minFreeBytes);
    if (next.full && !current.full) {
      options.logger.error(
        { ...next.lowest, minFreeBytes: options.minFreeBytes },
        "storage nearly full: refusing writes (503 storage_full) until space is freed",
      );
    } else if (!next.full && current.full) {
      options.logger.warn({ ...next.lowest }, "storage has room again: accepting writes");
    }
    current = next;
    return current;
  }

  check();
  const timer = options.paths.length > 0 && options.minFreeBytes > 0
    ? setInterval(check, options.intervalMs ?? STORAGE_CHECK_INTERVAL_MS)
    : null;
  if (timer !== null) Deno.unrefTimer(timer);
  return {
    state: () => current,
    check,
    samples: () => last,
    stop() {
      if (timer !== null) clearInterval(timer);
    },
  };
}
