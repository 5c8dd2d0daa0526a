/**
 * The rates worker: fetches a source on a schedule, retries with backoff,
 * stores what it got, and keeps the last good rates when a fetch fails.
 *
 * @module
 */
import type { Logger, Sql } from "@kopek/platform";
import { backoffDelay, type BackoffOptions, sleep as realSleep } from "./backoff.ts";
import type { FetchScope, RateSource } from "./source.ts";
import { savePublications, type SaveResult } from "./store.ts";
import { ratesMetrics } from "./metrics.ts";
import type { Registry } from "prom-client";

/** Dependencies and settings of {@linkcode createRatesWorker}. */
export interface RatesWorkerOptions {
  /** The pool `fx_rates` lives in (migrated with `ratesMigrate`). */
  sql: Sql;
  /** Where rates come from (`createEcbRateSource()`). */
  source: RateSource;
  /** The process's Prometheus registry: runs and failures are counted on it (ADR 0036). */
  metrics?: Registry;
  /** Failures are logged at `warn` (will retry) and `error` (gave up). */
  logger: Logger;
  /** Between the end of one run and the start of the next (default one day). */
  intervalMs?: number;
  /** Each attempt's time limit, in ms (default 30,000). */
  timeoutMs?: number;
  /** Attempts per run, the first included (default 6). */
  maxAttempts?: number;
  /** Spacing of the retries within a run. */
  backoff?: BackoffOptions;
  /** Waits between attempts and runs; resolves early when the signal aborts (default a timer). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
  /** The clock of {@linkcode RatesWorkerStatus} (default `() => new Date()`). */
  now?: () => Date;
  /** Called after a run stored new or corrected rates (e.g. to invalidate caches). */
  onSaved?: (saved: SaveResult) => Promise<void> | void;
}

/** What one run did. */
export type RunResult =
  | {
    readonly ok: true;
    readonly scope: FetchScope;
    readonly attempts: number;
    readonly saved: SaveResult;
  }
  | {
    readonly ok: false;
    readonly scope: FetchScope;
    readonly attempts: number;
    readonly error: Error;
  };

/** What a health check may want to know. */
export interface RatesWorkerStatus {
  /** When the last successful run ended, or null. */
  readonly lastSuccessAt: Date | null;
  /** When the last failed run ended, or null. */
  readonly lastFailureAt: Date | null;
  /** The last failed run's error message, cleared by a success. */
  readonly lastError: string | null;
  /** The newest publication date the last successful run saw, or null. */
  readonly latest: string | null;
}

/** A running (or runnable) worker. */
export interface RatesWorker {
  /** Runs at once, then every `intervalMs` until stopped. Calling it twice does nothing. */
  start(): void;
  /** Aborts the fetch in flight and the schedule, and waits until they have ended. */
  stop(): Promise<void>;
  /** One run now, with its retries; shares a run already in flight. Never rejects. */
  runOnce(): Promise<RunResult>;
  /** The outcome of the latest runs. */
  status(): RatesWorkerStatus;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Creates the rates worker. A run asks the source for recent history
 * (`scope: "history"`, the ECB's 90 days) when it is the worker's first or
 * the previous run failed, so that days missed while the worker or the source
 * was down are filled in; otherwise for the latest publication only. Each
 * attempt has its own timeout; a failed attempt (network, HTTP status,
 * timeout, malformed document, database) is retried after
 * {@linkcode backoffDelay}. Nothing is ever deleted, so a failed run leaves
 * the last good rates in place.
 *
 * @example
 * ```ts
 * const worker = createRatesWorker({ sql, source: createEcbRateSource(), logger });
 * worker.start();
 * // … on shutdown:
 * await worker.stop();
 * ```
 */
export function createRatesWorker(options: RatesWorkerOptions): RatesWorker {
  const { sql, source, logger } = options;
  const intervalMs = options.intervalMs ?? DAY_MS;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  if (!(intervalMs > 0) || !(timeoutMs > 0)) {
    throw new RangeError("intervalMs and timeoutMs must be positive");
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError("maxAttempts must be a positive integer");
  }
  const log = logger.child({ component: "rates", source: source.name });
  const counted = options.metrics ? ratesMetrics(options.metrics) : null;
  const stopping = new AbortController();
  let loop: Promise<void> | null = null;
  let inFlight: Promise<RunResult> | null = null;
  let needHistory = true;
  let status: RatesWorkerStatus = {
    lastSuccessAt: null,
    lastFailureAt: null,
    lastError: null,
    latest: null,
  };

  async function attempt(scope: FetchScope): Promise<SaveResult> {
    // A timer of our own rather than AbortSignal.timeout, so that it is
    // cleared as soon as the attempt ends.
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")),
      timeoutMs,
    );
    try {
      const signal = AbortSignal.any([stopping.signal, timeout.signal]);
      const publications = await source.fetch({ scope, signal });
      const saved = await savePublications(sql, source.name, publications);
      if (saved.inserted + saved.updated > 0) await options.onSaved?.(saved);
      return saved;
    } finally {
      clearTimeout(timer);
    }
  }

  async function run(): Promise<RunResult> {
    const scope: FetchScope = needHistory ? "history" : "latest";
    let error: Error = new Error("the worker was stopped");
    let attempts = 0;
    while (attempts < maxAttempts && !stopping.signal.aborted) {
      attempts += 1;
      try {
        const saved = await attempt(scope);
        needHistory = false;
        status = {
          lastSuccessAt: now(),
          lastFailureAt: status.lastFailureAt,
          lastError: null,
          latest: saved.latest,
        };
        log.info({ scope, attempts, ...saved }, "rates fetched");
        counted?.runEnded(true, status.lastSuccessAt!);
        return { ok: true, scope, attempts, saved };
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
        if (stopping.signal.aborted) break;
        counted?.attemptFailed();
        if (attempts < maxAttempts) {
          const retryInMs = backoffDelay(attempts - 1, options.backoff, random);
          log.warn(
            { err: error, scope, attempt: attempts, retryInMs },
            "rates fetch failed, will retry",
          );
          await sleep(retryInMs, stopping.signal);
        }
      }
    }
    needHistory = true;
    status = { ...status, lastFailureAt: now(), lastError: error.message };
    if (!stopping.signal.aborted) {
      counted?.runEnded(false, status.lastFailureAt!);
      log.error({ err: error, scope, attempts }, "rates fetch failed, keeping the last good rates");
    }
    return { ok: false, scope, attempts, error };
  }

  function runOnce(): Promise<RunResult> {
    inFlight ??= run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    start() {
      if (loop !== null || stopping.signal.aborted) return;
      loop = (async () => {
        while (!stopping.signal.aborted) {
          await runOnce();
          if (stopping.signal.aborted) break;
          await sleep(intervalMs, stopping.signal);
        }
      })();
    },
    async stop() {
      stopping.abort();
      await loop;
      await inFlight;
    },
    runOnce,
    status: () => status,
  };
}
