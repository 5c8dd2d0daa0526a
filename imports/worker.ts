/**
 * The import worker: claims queued jobs (and running ones whose lease
 * expired) and runs them off the request path, at most
 * {@linkcode ImportPolicy.concurrency} at once in this process, at most
 * {@linkcode ImportPolicy.maxRunning} over every worker, one per user. It
 * runs in the all-in-one process and as its own service (`imports/main.ts`).
 *
 * @module
 */
import type { EventStore } from "@kopek/eventstore";
import { type Logger, type Sql, sqlstateOf } from "@kopek/platform";
import type { ImportEngine } from "./engine.ts";
import { createDumpImportEngine } from "./dump_engine.ts";
import { createCsvImportEngine, createFormatEngine, type SheetRates } from "./csv_engine.ts";
import { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";
import { importRunMetrics, type ImportRunOutcome, registerImportJobs } from "./metrics.ts";
import type { Registry } from "prom-client";
import { LeaseLostError, runImportJob, type RunOutcome, RunStoppedError } from "./runner.ts";
import type { ImportJob } from "./job.ts";
import { claimNextJob, failedProblem, finishJob, releaseJob, sweepImportJobs } from "./lease.ts";

/**
 * Whether PostgreSQL refused what was written (a data exception or an
 * integrity violation, SQLSTATE classes 22 and 23): the same dump fails the
 * same way on every attempt, so the job fails at once instead of being
 * retried. Both passes should have refused such a dump: this is the backstop.
 */
function isDataError(err: unknown): boolean {
  const state = sqlstateOf(err);
  return state !== null && (state.startsWith("22") || state.startsWith("23"));
}

/** Dependencies and settings of {@linkcode createImportWorker}. */
export interface ImportWorkerOptions {
  /** The pool of the imports tables and the event store. */
  readonly sql: Sql;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Turns dumps into events (default: the streaming engine through the decider, ADR 0017). */
  readonly engine?: ImportEngine;
  /** Rates a spreadsheet import needs and its request lacks (the rates store; ADR 0054). */
  readonly rates?: SheetRates;
  /** This worker's lease owner name (default `imports-<random>`). */
  readonly workerId?: string;
  /** After each batch that appended events (the all-in-one process nudges its projector). */
  readonly onAppended?: () => void;
  /** After each batch, each group it appended to at its new version (the group notices, ADR 0075). */
  readonly onGroupAppended?: (groupId: string, version: number) => void;
  /** The bounds (tests shorten the lease). */
  readonly policy?: ImportPolicy;
  /**
   * The process's Prometheus registry: runs are counted on it, and the jobs
   * by status read at each scrape (imports/metrics.ts, ADR 0036).
   */
  readonly metrics?: Registry;
}

/** A running (or runnable) import worker. */
export interface ImportWorker {
  /** The lease owner name this worker claims under. */
  readonly workerId: string;
  /** Claims and runs jobs until stopped. Calling it twice does nothing. */
  start(): void;
  /** Looks for a job now (the command API calls it after an enqueue). */
  nudge(): void;
  /**
   * Stops claiming; running jobs stop at their next chunk or batch and go
   * back to the queue (without using up an attempt). Resolves when they have.
   */
  stop(): Promise<void>;
  /** Claims one job and runs it to its end here (tests); null when none could be claimed. */
  runOnce(): Promise<RunOutcome | null>;
  /** Jobs running in this worker now. */
  running(): number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Creates an import worker.
 *
 * @example
 * ```ts
 * const worker = createImportWorker({ sql, store, logger, onAppended: () => projector.nudge() });
 * worker.start();
 * // after an enqueue in this process: worker.nudge();
 * await worker.stop();
 * ```
 */
export function createImportWorker(options: ImportWorkerOptions): ImportWorker {
  const { sql, store } = options;
  const policy = options.policy ?? IMPORT_POLICY;
  const engine = options.engine ??
    createFormatEngine(createDumpImportEngine(), createCsvImportEngine({ rates: options.rates }));
  const workerId = options.workerId ?? `imports-${crypto.randomUUID()}`;
  const log = options.logger.child({ component: "imports", workerId });
  const stopping = new AbortController();
  const active = new Set<Promise<void>>();
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  /** A nudge that came while the loop was not asleep: look again before sleeping. */
  let nudged = false;
  let lastSweep = 0;
  const counted = options.metrics ? importRunMetrics(options.metrics) : null;
  registerImportJobs(options.metrics, sql);

  const deps = {
    sql,
    store,
    engine,
    logger: log,
    workerId,
    signal: stopping.signal,
    onAppended: options.onAppended,
    onGroupAppended: options.onGroupAppended,
    policy,
  };

  /** Runs a claimed job; an internal error gives it back (attempts left) or fails it. */
  async function run(job: ImportJob): Promise<RunOutcome | null> {
    const key = { id: job.id, workerId };
    const started = performance.now();
    let ended: ImportRunOutcome = "failed";
    try {
      const outcome = await runImportJob(job, deps);
      ended = outcome.status;
      return outcome;
    } catch (err) {
      ended = err instanceof LeaseLostError || err instanceof RunStoppedError
        ? "released"
        : job.attempts >= policy.maxAttempts || isDataError(err)
        ? "failed"
        : "retried";
      if (err instanceof LeaseLostError) {
        log.warn({ jobId: job.id }, "lost the lease of an import job: another worker resumes it");
      } else if (err instanceof RunStoppedError) {
        await releaseJob(sql, key, { countAttempt: false }).catch((e) =>
          log.warn({ err: e, jobId: job.id }, "could not give an import job back")
        );
      } else if (job.attempts >= policy.maxAttempts || isDataError(err)) {
        log.error({ err, jobId: job.id, attempts: job.attempts }, "import job failed for good");
        await finishJob(sql, key, { status: "failed", problem: failedProblem(job.attempts) })
          .catch((e) => log.error({ err: e, jobId: job.id }, "could not mark an import failed"));
      } else {
        log.error({ err, jobId: job.id, attempts: job.attempts }, "import job failed, will retry");
        await releaseJob(sql, key, { countAttempt: true }).catch((e) =>
          log.warn({ err: e, jobId: job.id }, "could not give an import job back")
        );
      }
      return null;
    } finally {
      counted?.ran(ended, (performance.now() - started) / 1000, job.size);
    }
  }

  async function claim(): Promise<ImportJob | null> {
    try {
      if (performance.now() - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = performance.now();
        const swept = await sweepImportJobs(sql, policy);
        if (swept.abandoned + swept.expiredChunks > 0) log.info(swept, "import jobs swept");
      }
      return await claimNextJob(sql, { workerId }, policy);
    } catch (err) {
      log.warn({ err }, "could not claim an import job");
      return null;
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopping.signal.removeEventListener("abort", done);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopping.signal.addEventListener("abort", done);
      wake = done;
    });
  }

  return {
    workerId,
    start() {
      if (loop !== null || stopping.signal.aborted) return;
      loop = (async () => {
        while (!stopping.signal.aborted) {
          nudged = false;
          while (active.size < policy.concurrency && !stopping.signal.aborted) {
            const job = await claim();
            if (job === null) break;
            log.info(
              { jobId: job.id, attempt: job.attempts, size: job.size },
              "import job claimed",
            );
            const p: Promise<void> = run(job).then(() => {
              active.delete(p);
              wake?.();
            });
            active.add(p);
          }
          if (!stopping.signal.aborted && !nudged) await sleep(policy.pollMs);
        }
      })();
    },
    nudge() {
      nudged = true;
      wake?.();
    },
    async stop() {
      stopping.abort();
      await loop;
      await Promise.all([...active]);
    },
    async runOnce() {
      const job = await claim();
      return job ? await run(job) : null;
    },
    running: () => active.size,
  };
}
