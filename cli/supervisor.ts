/**
 * Keeps a child server running: probes it on a period and, when it is
 * down, starts it again with a jittered, bounded exponential backoff until
 * it runs. The all-in-one supervises its embedded PostgreSQL with it (ADR
 * 0024); the restart policy ({@linkcode restartDelay}) is pure, the probe
 * and start are passed in (I/O at the edge).
 *
 * @module
 */

/** Backoff between failed starts. */
export interface RestartPolicy {
  /** Delay after the first failed start, before jitter. */
  readonly baseMs: number;
  /** Upper bound of any delay. */
  readonly maxMs: number;
}

/** The all-in-one's policy: 250 ms, doubling, at most 5 s. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = { baseMs: 250, maxMs: 5000 };

/**
 * The delay before start attempt `attempt + 1` after `attempt` failures
 * (0-based): `min(maxMs, baseMs·2^attempt)`, jittered down to half of it
 * (`random` in [0, 1)) so that restarts never run in lockstep. Pure.
 */
export function restartDelay(
  attempt: number,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + (cap / 2) * random());
}

/**
 * Thrown by a start that can never succeed (its data is gone): the
 * supervisor gives up instead of retrying, and the process exits non-zero.
 */
export class UnrecoverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnrecoverableError";
  }
}

/** What is supervised. */
export interface Supervised {
  /** Whether it runs (a failed probe counts as "cannot tell": probed again next period). */
  isRunning(): Promise<boolean>;
  /** Starts it; resolves once it serves, rejects when it could not start. */
  start(): Promise<void>;
}

/** What the supervisor reports (the caller logs it). */
export type SupervisorEvent =
  | { readonly kind: "down" }
  | { readonly kind: "restarted"; readonly attempts: number; readonly downMs: number }
  | {
    readonly kind: "restart_failed";
    readonly attempt: number;
    readonly error: unknown;
    readonly retryInMs: number;
  }
  | { readonly kind: "probe_failed"; readonly error: unknown }
  | { readonly kind: "gave_up"; readonly error: UnrecoverableError };

/** Options of {@linkcode supervise}. */
export interface SuperviseOptions {
  /** How often to probe (default 1 s). */
  readonly checkEveryMs?: number;
  readonly policy?: RestartPolicy;
  readonly onEvent?: (event: SupervisorEvent) => void;
  /** How long {@linkcode Supervisor.stop} waits for a start in progress (default 2 s). */
  readonly stopWaitMs?: number;
  /** Tests pass fakes. */
  readonly random?: () => number;
  readonly now?: () => number;
}

/** A running supervisor. */
export interface Supervisor {
  /** Whether the target was seen down and is not running again yet. */
  readonly down: boolean;
  /**
   * Rejects with the {@linkcode UnrecoverableError} when the supervisor gave
   * up (never settles otherwise): the process should exit non-zero.
   */
  readonly failed: Promise<never>;
  /**
   * Stops probing and restarting; waits for a start in progress at most
   * `stopWaitMs` (a start can wait minutes for crash recovery, a shutdown
   * must not): the caller then stops the server, which ends that start.
   */
  stop(): Promise<void>;
}

/** Starts supervising `target`, which runs now. */
export function supervise(target: Supervised, options: SuperviseOptions = {}): Supervisor {
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const now = options.now ?? Date.now;
  const emit = options.onEvent ?? (() => {});
  const stopping = new AbortController();
  let down = false;
  const failed = Promise.withResolvers<never>();
  failed.promise.catch(() => {}); // the caller may not listen; it is not an unhandled rejection

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stopping.signal.removeEventListener("abort", done);
        resolve();
      }
      stopping.signal.addEventListener("abort", done);
    });

  async function restart() {
    const since = now();
    down = true;
    emit({ kind: "down" });
    for (let attempt = 0; !stopping.signal.aborted; attempt++) {
      try {
        await target.start();
        down = false;
        emit({ kind: "restarted", attempts: attempt + 1, downMs: now() - since });
        return;
      } catch (error) {
        if (error instanceof UnrecoverableError) {
          emit({ kind: "gave_up", error });
          failed.reject(error);
          stopping.abort();
          return;
        }
        // Started meanwhile by someone else (another process adopted the data folder).
        if (await target.isRunning().catch(() => false)) {
          down = false;
          emit({ kind: "restarted", attempts: attempt + 1, downMs: now() - since });
          return;
        }
        const retryInMs = restartDelay(attempt, options.policy, options.random);
        emit({ kind: "restart_failed", attempt: attempt + 1, error, retryInMs });
        await sleep(retryInMs);
      }
    }
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      await sleep(checkEveryMs);
      if (stopping.signal.aborted) break;
      let running: boolean;
      try {
        running = await target.isRunning();
      } catch (error) {
        emit({ kind: "probe_failed", error });
        continue;
      }
      if (!running && !stopping.signal.aborted) await restart();
    }
  })();

  return {
    get down() {
      return down;
    },
    failed: failed.promise,
    async stop() {
      stopping.abort();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        loop,
        new Promise<void>((resolve) => timer = setTimeout(resolve, options.stopWaitMs ?? 2000)),
      ]);
      clearTimeout(timer);
    },
  };
}
