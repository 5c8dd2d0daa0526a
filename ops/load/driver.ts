/**
 * The Deno load driver (ADR 0033): runs the scenarios of `scenarios.js`,
 * the same ones the k6 scripts run, with `fetch`, and measures them. Three
 * ways in:
 *
 * - {@linkcode runLoad}: virtual users looping a scenario for a while, then
 *   the figures (requests/s, p50/p95/p99 per request, errors by status);
 *   the CLI `deno task load` (`main.ts`) prints them.
 * - {@linkcode startWrites} and {@linkcode startReads}: a write load that
 *   tracks every id it chose until acknowledged, and readers, running until
 *   stopped: the load of the topology test and of the fault suite.
 * - {@linkcode runScenario}: one scenario to its end (a sign-up);
 *   {@linkcode probe}: one request sent once, its sample.
 *
 * @module
 */
import {
  DEFAULT_RETRY,
  type Reply,
  type RequestStep,
  type RetryPolicy,
  type Scenario,
  SCENARIOS,
  send,
  type Session,
  signUp,
  writeExpense,
  type WriteOutcome,
} from "./scenarios.js";

export type { Reply, RequestStep, RetryPolicy, Scenario, Session, WriteOutcome };
export { SCENARIOS, signUp };

/**
 * One send, whatever the answer: for probes whose every answer is a sample
 * of its own (a fault's reads, each built afresh with the newest position).
 */
export const ONCE: RetryPolicy = { attempts: 1, maxRetryAfterS: 0, backoffS: 0 };

/** How long a request may take before the driver aborts it and calls it hung. */
export const ABORT_MS = 45_000;

/** One answer (or its absence) as the driver saw it. */
export interface Sample {
  /** The request's name (`record expense`, `balances`, …). */
  readonly request: string;
  /** The HTTP status, or `error` (connection refused or reset) or `hang` (aborted). */
  readonly status: number | "error" | "hang";
  /** The problem's `code` on a 4xx/5xx, when it had one. */
  readonly code?: string;
  /** Whether the answer carried `Retry-After`. */
  readonly retryAfter: boolean;
  /** Whether the status was one the request expects. */
  readonly ok: boolean;
  /** When the request was sent and when it ended (`performance.now()` ms). */
  readonly start: number;
  readonly end: number;
}

/** Where a run's samples and checks go. */
export class Recorder {
  readonly samples: Sample[] = [];
  /** Each check's name: how often it held and how often not. */
  readonly checks = new Map<string, { passed: number; failed: number }>();

  check(name: string, ok: boolean): void {
    const c = this.checks.get(name) ?? { passed: 0, failed: 0 };
    if (ok) c.passed++;
    else c.failed++;
    this.checks.set(name, c);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs `scenario` to its end against `base`: sends its requests with
 * `fetch` (aborted after {@linkcode ABORT_MS}), sleeps its pauses, records
 * every answer and check in `recorder`; answers what the scenario returned.
 */
export async function runScenario<T>(
  base: string,
  scenario: Scenario<T>,
  recorder: Recorder,
): Promise<T> {
  let next = scenario.next();
  while (!next.done) {
    const step = next.value;
    if (step.kind === "sleep") {
      await delay(step.seconds * 1000);
      next = scenario.next(undefined);
      continue;
    }
    if (step.kind === "checks") {
      for (const [name, ok] of Object.entries(step.checks)) recorder.check(name, ok);
      next = scenario.next(undefined);
      continue;
    }
    const hasBody = step.body !== undefined;
    const start = performance.now();
    let reply: Reply;
    let sample: Sample;
    try {
      const res = await fetch(`${base}${step.path}`, {
        method: step.method,
        headers: hasBody ? { ...step.headers, "content-type": "application/json" } : step.headers,
        body: hasBody ? JSON.stringify(step.body) : undefined,
        signal: AbortSignal.timeout(ABORT_MS),
      });
      const text = await res.text();
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => headers[k] = v);
      reply = { status: res.status, headers, body };
      sample = {
        request: step.name,
        status: res.status,
        code: res.status >= 400 && typeof body?.code === "string" ? body.code : undefined,
        retryAfter: "retry-after" in headers,
        ok: step.expect.includes(res.status),
        start,
        end: performance.now(),
      };
    } catch (e) {
      const hung = e instanceof DOMException && e.name === "TimeoutError";
      reply = { status: 0, headers: {}, body: null };
      sample = {
        request: step.name,
        status: hung ? "hang" : "error",
        retryAfter: false,
        ok: false,
        start,
        end: performance.now(),
      };
    }
    recorder.samples.push(sample);
    next = scenario.next(reply);
  }
  return next.value;
}

/**
 * Sends `step` once (no retry) and answers its sample: a probe, such as the
 * fault suite's reads in flight when a process gets SIGTERM.
 */
export async function probe(base: string, step: RequestStep): Promise<Sample> {
  const recorder = new Recorder();
  await runScenario(base, send(step, ONCE), recorder);
  return recorder.samples[0];
}

// ---- A load of virtual users, and its figures -------------------------------

/** What {@linkcode runLoad} runs. */
export interface LoadOptions {
  /** The balancer (or an all-in-one Kopek), without a trailing slash. */
  readonly base: string;
  /** A name of {@linkcode SCENARIOS}. */
  readonly scenario: string;
  /** Virtual users, each a user of its own with a group (default 4). */
  readonly vus?: number;
  /** How long they loop (default 10 s); ends early on `iterations`. */
  readonly durationMs?: number;
  /** Iterations per virtual user, at most (default unbounded). */
  readonly iterations?: number;
}

/** Latency percentiles (ms) and counts of one kind of request. */
export interface RequestFigures {
  readonly request: string;
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** What a run measured. */
export interface Figures {
  readonly scenario: string;
  readonly vus: number;
  /** The load's wall time (ms), sign-ups excluded. */
  readonly elapsedMs: number;
  /** Scenario iterations completed. */
  readonly iterations: number;
  /** Requests sent during the load (sign-ups excluded). */
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly byRequest: readonly RequestFigures[];
  /** `status` (and problem code) → count, for answers the request did not expect. */
  readonly errors: Readonly<Record<string, number>>;
  /** Checks that failed at least once: name → failures. */
  readonly failedChecks: Readonly<Record<string, number>>;
  /** Checks counted in all. */
  readonly checks: number;
}

/** The `p`-th percentile (nearest rank) of sorted `values`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** `p50 N ms, p95 N ms, p99 N ms` of the samples' latencies. */
export function describeLatency(samples: readonly Sample[]): string {
  const sorted = samples.map((s) => s.end - s.start).sort((a, b) => a - b);
  return [50, 95, 99].map((p) => `p${p} ${percentile(sorted, p).toFixed(1)} ms`).join(", ");
}

/** `status: count` of the samples the request did not expect, with their problem codes. */
export function errorsByStatus(samples: readonly Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) {
    if (s.ok) continue;
    const key = `${s.status}${s.code ? ` ${s.code}` : ""}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The figures of `samples` over `elapsedMs`. */
export function summarize(
  scenario: string,
  vus: number,
  iterations: number,
  elapsedMs: number,
  recorder: Recorder,
): Figures {
  const samples = recorder.samples;
  const by = new Map<string, number[]>();
  for (const s of samples) {
    const list = by.get(s.request) ?? [];
    list.push(s.end - s.start);
    by.set(s.request, list);
  }
  const byRequest = [...by].map(([request, durations]) => {
    const sorted = durations.sort((a, b) => a - b);
    return {
      request,
      count: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1],
    };
  });
  const failedChecks: Record<string, number> = {};
  let checks = 0;
  for (const [name, c] of recorder.checks) {
    checks += c.passed + c.failed;
    if (c.failed > 0) failedChecks[name] = c.failed;
  }
  return {
    scenario,
    vus,
    elapsedMs,
    iterations,
    requests: samples.length,
    requestsPerSecond: elapsedMs > 0 ? samples.length / (elapsedMs / 1000) : 0,
    byRequest,
    errors: errorsByStatus(samples),
    failedChecks,
    checks,
  };
}

/** The figures as the CLI prints them. */
export function formatFigures(f: Figures): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const lines = [
    `scenario ${f.scenario}: ${f.vus} virtual users, ${(f.elapsedMs / 1000).toFixed(1)} s, ` +
    `${f.iterations} iterations, ${f.requests} requests, ${
      f.requestsPerSecond.toFixed(1)
    } requests/s`,
    ...f.byRequest.map((r) =>
      `  ${r.request.padEnd(24)} ${String(r.count).padStart(6)}  p50 ${ms(r.p50)}  p95 ${
        ms(r.p95)
      }  p99 ${ms(r.p99)}  max ${ms(r.max)}`
    ),
    `  errors by status: ${
      Object.entries(f.errors).map(([k, n]) => `${k}: ${n}`).join(", ") || "none"
    }`,
    `  checks: ${f.checks}, failed: ${
      Object.entries(f.failedChecks).map(([k, n]) => `${k}: ${n}`).join(", ") || "none"
    }`,
  ];
  return lines.join("\n");
}

/**
 * Runs `options.scenario` with `vus` virtual users: each signs up (a user
 * and a group of its own; not counted in the figures), then loops the
 * scenario until the duration or its iterations are over.
 */
export async function runLoad(options: LoadOptions): Promise<Figures> {
  const scenario = SCENARIOS[options.scenario];
  if (!scenario) {
    throw new Error(
      `unknown scenario ${options.scenario}: one of ${Object.keys(SCENARIOS).join(", ")}`,
    );
  }
  const vus = options.vus ?? 4;
  const setup = new Recorder();
  const sessions = await Promise.all(
    Array.from(
      { length: vus },
      (_, n) => runScenario(options.base, signUp(`driver-vu${n}`), setup),
    ),
  );
  const recorder = new Recorder();
  const start = performance.now();
  const deadline = start + (options.durationMs ?? 10_000);
  let iterations = 0;
  await Promise.all(sessions.map(async (session, vu) => {
    for (let i = 0; i < (options.iterations ?? Infinity) && performance.now() < deadline; i++) {
      await runScenario(options.base, scenario(session, `${vu}.${i}`), recorder);
      iterations++;
    }
  }));
  return summarize(options.scenario, vus, iterations, performance.now() - start, recorder);
}

// ---- The load of the topology test and of the fault suite -------------------

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
