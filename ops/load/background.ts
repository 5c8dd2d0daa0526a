/**
 * The load of the topology test and of the fault suite: writers that track
 * every id they chose until it is acknowledged, and readers, both running
 * until stopped.
 *
 * @module
 */
import {
  DEFAULT_RETRY,
  type RetryPolicy,
  type Scenario,
  type Session,
  writeExpense,
} from "./scenarios.js";
import { delay, Recorder, runScenario, type Sample } from "./run.ts";

/** A running write load that tracks its ids. */
export interface WriteLoad {
  /** Every answer so far. */
  readonly samples: readonly Sample[];
  /** The ids acknowledged (2xx) so far. */
  readonly acked: ReadonlySet<string>;
  /** The highest position an acknowledgement carried. */
  readonly lastPosition: number;
  /** Resolves once `n` more writes than now are acknowledged (rejects after `ms`). */
  moreAcks(n: number, ms: number, what: string): Promise<void>;
  /**
   * Stops starting new writes and lets each writer retry its current one
   * until acknowledged or `drainMs` ran out; answers the ids never acknowledged.
   */
  stop(drainMs?: number): Promise<string[]>;
}

/** How {@linkcode startWrites} writes. */
export interface WriteOptions {
  /** Concurrent writers (default 8). */
  readonly writers?: number;
  /** Each writer's pause between two writes (default 25 ms): the load is bounded. */
  readonly pauseMs?: number;
  /** Longest `Retry-After` honoured in full (default 5 s). */
  readonly maxRetryAfterS?: number;
}

/**
 * Starts writers running the shared `writeExpense` scenario in `session`
 * until stopped, each write retried with its id and body until acknowledged
 * (every answer but a 2xx is retried: a fault may surface as any status)
 * or, once stopping, the drain deadline passed. Every id chosen is tracked:
 * acknowledged, or still pending.
 */
export function startWrites(
  base: string,
  session: Session,
  options: WriteOptions = {},
): WriteLoad {
  const recorder = new Recorder();
  const acked = new Set<string>();
  const pending = new Set<string>();
  let lastPosition = 0;
  let stopping = false;
  let drainDeadline = Infinity;
  const waiters: { count: number; resolve: () => void }[] = [];
  const policy: RetryPolicy = {
    attempts: Infinity,
    maxRetryAfterS: options.maxRetryAfterS ?? DEFAULT_RETRY.maxRetryAfterS,
    backoffS: DEFAULT_RETRY.backoffS,
    retryAll: true,
    giveUp: () => performance.now() >= drainDeadline,
  };

  async function writer(n: number) {
    for (let i = 0; !stopping; i++) {
      if (i > 0) await delay(options.pauseMs ?? 25);
      const outcome = await runScenario(
        base,
        writeExpense(session, `load ${n}.${i}`, policy, (id) => pending.add(id)),
        recorder,
      );
      if (!outcome.acked) continue;
      pending.delete(outcome.id);
      acked.add(outcome.id);
      lastPosition = Math.max(lastPosition, outcome.position);
      for (const w of [...waiters]) {
        if (acked.size >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    }
  }

  const running = Array.from({ length: options.writers ?? 8 }, (_, n) => writer(n));
  return {
    samples: recorder.samples,
    acked,
    get lastPosition() {
      return lastPosition;
    },
    moreAcks(n, ms, what) {
      const { promise, resolve, reject } = Promise.withResolvers<void>();
      const waiter = { count: acked.size + n, resolve };
      waiters.push(waiter);
      const timer = setTimeout(() => {
        const at = waiters.indexOf(waiter);
        if (at >= 0) waiters.splice(at, 1);
        reject(new Error(`${what}: not ${n} more acknowledged writes within ${ms} ms`));
      }, ms);
      return promise.finally(() => clearTimeout(timer));
    },
    async stop(drainMs = 60_000) {
      stopping = true;
      drainDeadline = performance.now() + drainMs;
      await Promise.all(running);
      return [...pending];
    },
  };
}

/** A running read load. */
export interface ReadLoad {
  readonly samples: readonly Sample[];
  /** Stops the readers once their current scenario is done. */
  stop(): Promise<void>;
}

/**
 * Starts `readers` readers (default 2) looping `scenario` (one of the
 * shared read scenarios, or a request sent {@linkcode ONCE}) in `session`,
 * with `pauseMs` (default 100) between iterations, until stopped. Every
 * answer is a sample, a 503 the scenario retries (after its `Retry-After`)
 * included.
 */
export function startReads(
  base: string,
  session: Session,
  scenario: (s: Session) => Scenario<unknown>,
  options: { readers?: number; pauseMs?: number } = {},
): ReadLoad {
  const recorder = new Recorder();
  const stopped = new AbortController();
  const readers = options.readers ?? 2;
  const pauseMs = options.pauseMs ?? 100;
  async function reader(i: number) {
    // Spread over one pause, so that the readers are not all in flight at the same instants.
    await delay(Math.round(i * pauseMs / readers), stopped.signal);
    while (!stopped.signal.aborted) {
      await runScenario(base, scenario(session), recorder);
      await delay(pauseMs, stopped.signal);
    }
  }
  const running = Array.from({ length: readers }, (_, i) => reader(i));
  return {
    samples: recorder.samples,
    async stop() {
      stopped.abort();
      await Promise.all(running);
    },
  };
}
