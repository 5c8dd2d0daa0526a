/**
 * How the Deno load driver runs one scenario (ADR 0033): its requests sent
 * with `fetch`, its pauses slept, every answer recorded as a {@linkcode Sample}.
 *
 * @module
 */
import {
  type Reply,
  type RequestStep,
  type RetryPolicy,
  type Scenario,
  send,
} from "./scenarios.js";

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

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
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
