/**
 * A load of virtual users looping one scenario, and its figures: requests/s,
 * latency percentiles per request, errors by status and failed checks.
 *
 * @module
 */
import { SCENARIOS, signUp } from "./scenarios.js";
import { Recorder, runScenario, type Sample } from "./run.ts";

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
