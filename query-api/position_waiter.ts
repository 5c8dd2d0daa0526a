/**
 * Read-your-writes without hammering the database: one waiter per app
 * instance. A request that needs position N checks once; if N is not applied
 * yet it joins the waiting set, and one shared poll (every `intervalMs`, only
 * while someone waits) checks every waiting position in one statement.
 * `notifyAdvanced()` (called by the all-in-one process after each projector
 * batch, later by pub/sub) checks at once instead of waiting for the tick.
 *
 * The bound holds end to end: the first check runs under the same deadline
 * as the wait, so a check held behind a lock or a silent database answers
 * "not yet" in time (ADR 0023); a check that fails (the database is out of
 * reach) rejects, and the API answers 503 `database_unavailable`.
 *
 * @module
 */
import { EXPIRED, type Logger, settleWithin } from "@kopek/platform";

/** Options of {@linkcode createPositionWaiter}. */
export interface PositionWaiterOptions {
  /** The positions, among those given, that the read models have applied. */
  readonly check: (positions: readonly number[]) => Promise<Set<number>>;
  /** Poll interval while someone waits, in ms (default 25). */
  readonly intervalMs?: number;
  readonly logger?: Logger;
}

/** The shared waiter of one query-api instance. */
export interface PositionWaiter {
  /**
   * Resolves true once `position` is applied, false after `timeoutMs` (the
   * first check included: 0 or less answers false without checking);
   * rejects when the first check fails in time.
   */
  waitFor(position: number, timeoutMs: number): Promise<boolean>;
  /** Checks the waiting positions now (a projector batch was committed). */
  notifyAdvanced(): void;
  /** How many requests are waiting. */
  readonly waiting: number;
  /** Releases every waiter (false) and stops polling. */
  close(): void;
}

interface Waiter {
  readonly position: number;
  readonly resolve: (ok: boolean) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Creates the waiter of one app instance.
 *
 * @example
 * ```ts
 * const waiter = createPositionWaiter({ check: (ps) => appliedPositions(sql, ps) });
 * if (!(await waiter.waitFor(42, 2_000))) answer503();
 * ```
 */
export function createPositionWaiter(options: PositionWaiterOptions): PositionWaiter {
  const intervalMs = options.intervalMs ?? 25;
  const waiters = new Set<Waiter>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  let again = false;

  function schedule() {
    if (timer !== null || inFlight || waiters.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void poll();
    }, intervalMs);
  }

  async function poll() {
    if (waiters.size === 0) return;
    inFlight = true;
    try {
      const applied = await options.check([...new Set([...waiters].map((w) => w.position))]);
      for (const w of waiters) {
        if (!applied.has(w.position)) continue;
        clearTimeout(w.timer);
        waiters.delete(w);
        w.resolve(true);
      }
    } catch (e) {
      options.logger?.warn({ err: e }, "position check failed");
    } finally {
      inFlight = false;
    }
    if (again) {
      again = false;
      void poll();
    } else schedule();
  }

  return {
    async waitFor(position, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      const first = await settleWithin(options.check([position]), timeoutMs);
      if (first === EXPIRED) return false;
      if (first.has(position)) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      return await new Promise<boolean>((resolve) => {
        const w: Waiter = {
          position,
          resolve,
          timer: setTimeout(() => {
            waiters.delete(w);
            if (waiters.size === 0 && timer !== null) {
              clearTimeout(timer);
              timer = null;
            }
            resolve(false);
          }, left),
        };
        waiters.add(w);
        schedule();
      });
    },
    notifyAdvanced() {
      if (waiters.size === 0) return;
      if (inFlight) {
        again = true;
        return;
      }
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      void poll();
    },
    get waiting() {
      return waiters.size;
    },
    close() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.resolve(false);
      }
      waiters.clear();
    },
  };
}
