/**
 * What Prometheus metrics cost the command API (ADR 0036; figures in
 * docs/observability.md): the command API as its own process under its task's
 * flags, on a fresh database, with `KOPEK_METRICS=off` and `on` in turn
 * (alternating rounds after one uncounted warm-up, so that drift on a shared
 * machine hits both), under a
 * closed loop of `--clients` clients, each recording expenses in a group of
 * its own as fast as they are answered, for `--seconds` per round. Prints
 * commands/s, p50 and p99 per round and the medians per mode.
 *
 *     deno run -A command-api/bench/metrics_cost.ts [--clients 8] [--seconds 10] [--rounds 3]
 *
 * Not part of `deno task test` or `deno task bench` (it takes minutes and needs PostgreSQL).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createTestDatabase, freePort } from "@kopek/platform/testing";
import { KopekClient, startTask } from "@kopek/testing";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "8" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);

interface Round {
  readonly mode: "on" | "off";
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

async function round(databaseUrl: string, mode: "on" | "off"): Promise<Round> {
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = startTask("serve:command-api", {
    KOPEK_DATABASE_URL: databaseUrl,
    KOPEK_JWT_SECRET: "a-bench-secret-that-is-long-enough-1234",
    KOPEK_LOG_LEVEL: "warn",
    KOPEK_RATE_LIMITS: "off",
    KOPEK_METRICS: mode,
    KOPEK_PORT: String(port),
  });
  try {
    await api.ready(base);
    const clients = await Promise.all(Array.from({ length: CLIENTS }, async () => {
      const { client } = await new KopekClient(base).register(
        `bench-${crypto.randomUUID()}@example.com`,
        "Bench",
      );
      const g = await client.post("/v1/groups", { name: "Bench", currency: "EUR" });
      return {
        token: client.token!,
        group: g.body.id as string,
        member: g.body.memberId as string,
      };
    }));
    const latencies: number[] = [];
    let errors = 0;
    let measuring = false;
    const end = performance.now() + 2_000 + SECONDS * 1000;
    const measureFrom = performance.now() + 2_000; // a warm-up, not measured
    await Promise.all(clients.map(async ({ token, group, member }) => {
      while (performance.now() < end) {
        const body = JSON.stringify({
          description: "Coffee",
          category: "food",
          date: "2026-11-20",
          total: { amount: "3.50", currency: "EUR" },
          paidBy: [{ memberId: member, amount: "3.50" }],
          split: { mode: "equal", shares: [{ memberId: member }] },
        });
        const started = performance.now();
        const res = await fetch(`${base}/v1/groups/${group}/expenses`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
        });
        await res.body?.cancel();
        const done = performance.now();
        measuring = started >= measureFrom;
        if (!measuring) continue;
        if (res.status !== 201) errors++;
        else latencies.push(done - started);
      }
    }));
    latencies.sort((a, b) => a - b);
    return {
      mode,
      rps: latencies.length / SECONDS,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      errors,
    };
  } finally {
    await api.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await using db = await createTestDatabase("kopek_bench_metrics", { max: 2 });
// A first round, not counted: the database's caches and tables warm up.
await round(db.url, "on");
const rounds: Round[] = [];
for (let i = 0; i < ROUNDS; i++) {
  for (const mode of i % 2 === 0 ? ["off", "on"] as const : ["on", "off"] as const) {
    const r = await round(db.url, mode);
    rounds.push(r);
    // deno-lint-ignore no-console -- a bench prints its figures
    console.log(
      `round ${i + 1} metrics ${r.mode.padEnd(3)}: ${r.rps.toFixed(0)} commands/s, p50 ${
        r.p50.toFixed(1)
      } ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`,
    );
  }
}
for (const mode of ["off", "on"] as const) {
  const mine = rounds.filter((r) => r.mode === mode);
  // deno-lint-ignore no-console -- a bench prints its figures
  console.log(
    `median metrics ${mode.padEnd(3)}: ${
      median(mine.map((r) => r.rps)).toFixed(0)
    } commands/s, p99 ${
      median(mine.map((r) => r.p99)).toFixed(1)
    } ms (${CLIENTS} clients, ${SECONDS} s x ${ROUNDS})`,
  );
}
