/**
 * The load generator of `http_bench.ts`, run in a Worker so that the clients'
 * JavaScript does not share the server's event loop (as real clients would
 * not). It receives a {@linkcode DriverPlan}, sends `commands` expense records
 * over `connections` keep-alive connections (each connection sends its next
 * request when the previous answer arrived) and posts back a
 * {@linkcode DriverReport}.
 *
 * @module
 */

/** One group the driver writes to, and a token of a user who may. */
export interface PlanGroup {
  readonly id: string;
  readonly token: string;
  readonly memberIds: readonly string[];
}

/** What the driver is told to do. */
export interface DriverPlan {
  readonly url: string;
  readonly commands: number;
  readonly connections: number;
  readonly groups: readonly PlanGroup[];
  /**
   * Sends the body `{}` instead of an expense: the whole HTTP stack (node:http, the adapter, Hono,
   * the middleware, the bearer token, the JSON body checks) handles it and the command's schema
   * refuses it (422) before any database work, the HTTP stack's own ceiling
   * (`command-api/bench/http_profile.ts --ceiling`).
   */
  readonly ceiling?: boolean;
}

/** What the driver reports. */
export interface DriverReport {
  readonly elapsedMs: number;
  /** Latency of every command, in ms, in completion order. */
  readonly latencies: number[];
  /** Answers other than the expected one (201, or 422 for the ceiling), with a sample body. */
  readonly errors: number;
  readonly firstError: string | null;
}

/** The body of one equal-split expense, paid by the group's first member. */
function expenseBody(g: PlanGroup, i: number): string {
  const cents = 1000 + (i % 9000);
  return JSON.stringify({
    description: `bench expense ${i}`,
    category: "food",
    date: "2026-11-20",
    total: { amount: (cents / 100).toFixed(2), currency: "EUR" },
    paidBy: [{ memberId: g.memberIds[0], amount: (cents / 100).toFixed(2) }],
    split: { mode: "equal", shares: g.memberIds.map((memberId) => ({ memberId })) },
  });
}

/** Runs a plan against a live server. */
export async function drive(plan: DriverPlan): Promise<DriverReport> {
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: plan.connections });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  async function connection() {
    for (;;) {
      const i = next++;
      if (i >= plan.commands) return;
      const g = plan.groups[i % plan.groups.length];
      const body = plan.ceiling ? "{}" : expenseBody(g, i);
      const started = performance.now();
      const res = await fetch(`${plan.url}/v1/groups/${g.id}/expenses`, {
        method: "POST",
        headers: { authorization: `Bearer ${g.token}`, "content-type": "application/json" },
        body,
        client,
      });
      const text = await res.text();
      latencies.push(performance.now() - started);
      if (res.status !== (plan.ceiling ? 422 : 201)) {
        errors++;
        firstError ??= `${res.status} ${text.slice(0, 300)}`;
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: plan.connections }, connection));
  const elapsedMs = performance.now() - started;
  client.close();
  return { elapsedMs, latencies, errors, firstError };
}

/** From the main thread: sends `plan` to a Worker running this module, resolves with its report. */
export function runDriver(worker: Worker, plan: DriverPlan): Promise<DriverReport> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<DriverReport | { error: string }>) => {
      if ("error" in e.data) reject(new Error(`driver failed: ${e.data.error}`));
      else resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`driver failed: ${e.message}`));
    };
    worker.postMessage(plan);
  });
}

// Inside a Worker: one plan per message, one report back.
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  const scope = globalThis as unknown as {
    onmessage: ((e: MessageEvent<DriverPlan>) => void) | null;
    postMessage(m: DriverReport | { error: string }): void;
  };
  scope.onmessage = (e) => {
    drive(e.data).then(
      (report) => scope.postMessage(report),
      (err) => scope.postMessage({ error: String(err?.stack ?? err) }),
    );
  };
}
