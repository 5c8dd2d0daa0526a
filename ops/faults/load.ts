/**
 * The write load of the fault suite: writers posting expenses with ids they
 * choose, each retried with the same id and body until acknowledged
 * (honouring `Retry-After`), every answer recorded with its status and
 * latency. A request is aborted after {@linkcode ABORT_MS} and recorded as a
 * hang; the suite asserts that none came near that.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";

/** How long a client waits for an answer before it calls the request hung. */
export const ABORT_MS = 45_000;

/** Longest `Retry-After` the writers honour in full (seconds), to keep the suite short. */
const MAX_RETRY_AFTER_S = 5;

/** One answer (or its absence) as a client saw it. */
export interface Sample {
  /** The HTTP status, or `error` (connection refused or reset) or `hang` (aborted). */
  readonly status: number | "error" | "hang";
  /** The problem's `code` on a 4xx/5xx, when it had one. */
  readonly code?: string;
  /** Whether a 503 or 429 carried `Retry-After`. */
  readonly retryAfter: boolean;
  /** When the request was sent and when it ended (`performance.now()` ms). */
  readonly start: number;
  readonly end: number;
}

/** Where to write: a running Kopek, a user's token, a group and its member. */
export interface LoadTarget {
  readonly base: string;
  readonly token: string;
  readonly groupId: string;
  readonly memberId: string;
}

/** A running write load. */
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

/** Sends one request as the suite's clients do: aborted after {@linkcode ABORT_MS}. */
export async function timedRequest(
  url: string,
  init: RequestInit,
): Promise<{ sample: Sample; body: Record<string, unknown>; headers?: Headers }> {
  const start = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(ABORT_MS) });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { text };
    }
    const code = res.status >= 400 && typeof body.code === "string" ? body.code : undefined;
    return {
      sample: {
        status: res.status,
        code,
        retryAfter: res.headers.has("retry-after"),
        start,
        end: performance.now(),
      },
      body,
      headers: res.headers,
    };
  } catch (e) {
    const hung = e instanceof DOMException && e.name === "TimeoutError";
    return {
      sample: { status: hung ? "hang" : "error", retryAfter: false, start, end: performance.now() },
      body: { error: String(e) },
    };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** How long each writer pauses between two writes: the load is bounded (at most ~300 writes/s). */
const WRITE_PAUSE_MS = 25;

/** Starts `writers` writers (default 8) against `target`. */
export function startWriteLoad(target: LoadTarget, writers = 8): WriteLoad {
  const samples: Sample[] = [];
  const acked = new Set<string>();
  const pending = new Set<string>();
  let lastPosition = 0;
  let stopping = false;
  let drainDeadline = Infinity;
  const waiters: { count: number; resolve: () => void }[] = [];
  const url = `${target.base}/v1/groups/${target.groupId}/expenses`;

  async function writer(n: number) {
    let i = 0;
    while (!stopping) {
      if (i > 0) await delay(WRITE_PAUSE_MS);
      const id = uuidv7();
      pending.add(id);
      const body = JSON.stringify({
        id,
        description: `fault load ${n}.${i++}`,
        total: { amount: "12.34", currency: "EUR" },
        date: "2026-11-20",
        category: "food",
        paidBy: [{ memberId: target.memberId, amount: "12.34" }],
        split: { mode: "equal", shares: [{ memberId: target.memberId }] },
      });
      while (performance.now() < drainDeadline) {
        const { sample, body: answer, headers } = await timedRequest(url, {
          method: "POST",
          headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
          body,
        });
        samples.push(sample);
        if (sample.status === 200 || sample.status === 201) {
          pending.delete(id);
          acked.add(id);
          if (typeof answer.position === "number") {
            lastPosition = Math.max(lastPosition, answer.position);
          }
          for (const w of [...waiters]) {
            if (acked.size >= w.count) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve();
            }
          }
          break;
        }
        const retryAfter = Number(headers?.get("retry-after"));
        await delay(
          Number.isFinite(retryAfter) && retryAfter > 0
            ? Math.min(retryAfter, MAX_RETRY_AFTER_S) * 1000
            : 200,
        );
      }
    }
  }

  const running = Array.from({ length: writers }, (_, n) => writer(n));
  return {
    samples,
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
  /** Stops the readers once their current request is answered. */
  stop(): Promise<void>;
}

/**
 * Starts `readers` readers (default 4) that GET what `request()` names, one
 * request after another with a short pause, until stopped.
 */
export function startReadLoad(
  base: string,
  token: string,
  request: () => { path: string; headers?: Record<string, string> },
  readers = 4,
): ReadLoad {
  const samples: Sample[] = [];
  let stopping = false;
  async function reader() {
    while (!stopping) {
      const { path, headers } = request();
      const { sample } = await timedRequest(`${base}${path}`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      samples.push(sample);
      await delay(100);
    }
  }
  const running = Array.from({ length: readers }, () => reader());
  return {
    samples,
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  };
}
