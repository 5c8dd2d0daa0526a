/**
 * The one loop that keeps a screen's data equal to the server's (ADR 0040).
 * Every signal that the group may have moved goes here — a live change, a
 * sync that applied writes, the live stream back after a drop, the browser
 * back online, the page visible again — and one refetch runs at a time,
 * asking for at least the highest position heard of (`Kopek-Min-Position`).
 *
 * A refetch that fails for a passing reason (offline, 5xx, 429) is not
 * forgotten: the screen stays "behind" and the read is tried again, with
 * backoff, and at once when the connection comes back. Before, a change
 * whose re-read failed was lost: the live stream had moved past it, so the
 * page stayed stale until the person navigated away.
 *
 * Pure TypeScript (timers injectable), so the rules are unit-tested.
 *
 * @module
 */
import { ApiError, NetworkError } from "../api/errors.ts";

/** Re-reads everything a screen shows at `minPosition` or later; rejects when it could not. */
export type Refetch = (minPosition: number) => Promise<void>;

/** Options of {@linkcode createConvergence}. */
export interface ConvergenceOptions {
  /** Whether a failed refetch is worth retrying (default {@linkcode isTransient}). */
  transient?: (e: unknown) => boolean;
  /** First retry delay (default 1 s), doubled per failure up to `maxBackoffMs` (default 30 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Timers (tests pass fakes). */
  setTimeout?: (f: () => void, ms: number) => unknown;
  clearTimeout?: (t: unknown) => void;
}

/** Where a screen stands against the server. */
export interface ConvergenceState {
  /** The highest position the group is known to have reached (0: none heard of). */
  readonly known: number;
  /** The position the last successful refetch asked for (-1: none succeeded yet). */
  readonly reached: number;
  /** A refetch is running or due. */
  readonly busy: boolean;
  /** The last refetch failed; it is retried (transient) or waits for the next signal. */
  readonly failed: boolean;
}

/** The loop of one screen. */
export interface Convergence {
  /** The group reached `position` (a live change, a synced write): read at least that. */
  moved(position?: number): void;
  /**
   * Read again whatever is known: the live stream is back after a drop, and what happened
   * while it was down may not all come as changes.
   */
  resync(): void;
  /** The network may be back (browser online, page visible): a failed read is tried now. */
  retry(): void;
  /** Stops: no refetch starts after this. */
  stop(): void;
  readonly state: ConvergenceState;
}

/** Failures that go away by themselves: no network, a server error, too many requests. */
export function isTransient(e: unknown): boolean {
  if (e instanceof NetworkError) return true;
  return e instanceof ApiError && (e.status >= 500 || e.status === 429 || e.status === 408);
}

/**
 * Starts the loop: one refetch now, then one per signal (signals that arrive
 * while one runs are folded into the next).
 */
export function createConvergence(refetch: Refetch, options: ConvergenceOptions = {}): Convergence {
  const transient = options.transient ?? isTransient;
  const minBackoff = options.minBackoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const set = options.setTimeout ?? ((f, ms) => globalThis.setTimeout(f, ms));
  const clear = options.clearTimeout ??
    ((t) => globalThis.clearTimeout(t as ReturnType<typeof globalThis.setTimeout>));

  let known = 0;
  let reached = -1;
  let running = false;
  /** A refetch is wanted after the one running (or now). */
  let dirty = true;
  let failed = false;
  let backoff = minBackoff;
  let retryTimer: unknown = undefined;
  let stopped = false;

  const cancelRetry = () => {
    if (retryTimer !== undefined) clear(retryTimer);
    retryTimer = undefined;
  };

  const run = async (): Promise<void> => {
    if (running || stopped) return;
    running = true;
    try {
      while (dirty && !stopped) {
        dirty = false;
        cancelRetry();
        const target = known;
        try {
          await refetch(target);
          reached = Math.max(reached, target);
          failed = false;
          backoff = minBackoff;
        } catch (e) {
          failed = true;
          if (stopped) break;
          // Another signal came meanwhile: it asks for a read anyway.
          if (dirty) continue;
          if (transient(e)) {
            const delay = backoff;
            backoff = Math.min(backoff * 2, maxBackoff);
            retryTimer = set(() => {
              retryTimer = undefined;
              dirty = true;
              void run();
            }, delay);
          }
        }
      }
    } finally {
      running = false;
    }
  };

  void run();

  return {
    moved(position) {
      if (stopped) return;
      const p = position !== undefined && Number.isSafeInteger(position) && position > 0 ? position : 0;
      known = Math.max(known, p);
      // Already read at that position or later: nothing to do.
      if (p > 0 && p <= reached && !failed) return;
      dirty = true;
      void run();
    },
    resync() {
      if (stopped) return;
      backoff = minBackoff;
      dirty = true;
      void run();
    },
    retry() {
      if (stopped || !failed) return;
      backoff = minBackoff;
      dirty = true;
      void run();
    },
    stop() {
      stopped = true;
      cancelRetry();
    },
    get state() {
      return { known, reached, busy: running || dirty || retryTimer !== undefined, failed };
    },
  };
}
