/**
 * The clients of `http_profile.ts --ceiling`: like `cli/bench/_http_driver.ts`
 * but each request is an authenticated `POST /v1/groups/{g}/expenses` with
 * the body `{}`, which the whole HTTP stack (node:http, the adapter, Hono, the
 * middleware, the bearer token, the JSON body checks) handles and the
 * command's schema refuses (422) before any database work: the HTTP stack's
 * own ceiling in the same process, run beside the real commands.
 *
 * @module
 */
import type { DriverPlan, DriverReport } from "../../cli/bench/_http_driver.ts";

async function drive(plan: DriverPlan): Promise<DriverReport> {
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
      const started = performance.now();
      const res = await fetch(`${plan.url}/v1/groups/${g.id}/expenses`, {
        method: "POST",
        headers: { authorization: `Bearer ${g.token}`, "content-type": "application/json" },
        body: "{}",
        client,
      });
      const text = await res.text();
      latencies.push(performance.now() - started);
      if (res.status !== 422) {
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
