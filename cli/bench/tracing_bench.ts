/**
 * What tracing costs: the command API as its own process under its task's
 * flags (`serve:command-api`), on a throwaway database, without and with
 * Deno's OpenTelemetry (`OTEL_DENO=true`, OTLP http/json to a discarding
 * receiver in this process); the same load each time: {@linkcode COMMANDS}
 * equal-split expenses over {@linkcode CONNECTIONS} keep-alive connections
 * from a Worker (the driver of `http_bench.ts`). Only the server is traced.
 * Prints commands/s, p50/p99 and the server's CPU time per command (from
 * /proc: less sensitive to a busy machine than the rate), alternating off and on
 * {@linkcode ROUNDS} times. Run with `deno bench -A cli/bench/tracing_bench.ts`
 * (ADR 0037, docs/observability.md).
 *
 * @module
 */
import { createTestDatabase, freePort } from "@kopek/platform/testing";
import { KopekClient, startTask } from "@kopek/testing";
import { type PlanGroup, runDriver } from "./_http_driver.ts";

const COMMANDS = Number(Deno.env.get("KOPEK_BENCH_COMMANDS") ?? "3000");
const WARMUP_COMMANDS = 1_000;
const CONNECTIONS = 32;
const GROUPS = 32;
const MEMBERS = 4;
const ROUNDS = Number(Deno.env.get("KOPEK_BENCH_ROUNDS") ?? "2");
const SECRET = "a-bench-secret-that-is-long-enough-1234";

async function setUp(base: string): Promise<PlanGroup[]> {
  const { client } = await new KopekClient(base).register(
    `bench-${crypto.randomUUID().slice(0, 8)}@example.com`,
    "Bench",
  );
  const groups: PlanGroup[] = [];
  for (let i = 0; i < GROUPS; i++) {
    const g = await client.post("/v1/groups", { name: `Bench ${i}`, currency: "EUR" });
    if (g.status !== 201) throw new Error(`create group: ${g.status} ${JSON.stringify(g.body)}`);
    const memberIds = [g.body.memberId as string];
    for (let m = 1; m < MEMBERS; m++) {
      const a = await client.post(`/v1/groups/${g.body.id}/members`, {
        name: `M${m}`,
        role: "member",
      });
      if (a.status !== 201) throw new Error(`add member: ${a.status} ${JSON.stringify(a.body)}`);
      memberIds.push(a.body.id as string);
    }
    groups.push({ id: g.body.id as string, token: client.token!, memberIds });
  }
  return groups;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second here).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A receiver that accepts and discards OTLP, counting the span exports. */
function sink() {
  const port = freePort();
  let exports = 0;
  const server = Deno.serve({ port, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    await req.arrayBuffer();
    if (new URL(req.url).pathname === "/v1/traces") exports++;
    return Response.json({});
  });
  return { endpoint: `http://127.0.0.1:${port}`, exports: () => exports, server };
}

async function measure(traced: boolean): Promise<string> {
  await using db = await createTestDatabase("kopek_tracebench", { max: 2 });
  const receiver = sink();
  const port = freePort();
  const api = startTask("serve:command-api", {
    KOPEK_DATABASE_URL: db.url,
    KOPEK_JWT_SECRET: SECRET,
    KOPEK_PORT: String(port),
    KOPEK_RATE_LIMITS: "off",
    KOPEK_LOG_LEVEL: "warn",
    ...(traced
      ? {
        OTEL_DENO: "true",
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_SERVICE_NAME: "kopek-command-api",
        OTEL_DENO_CONSOLE: "ignore",
      }
      : {}),
  });
  const worker = new Worker(new URL("./_http_driver.ts", import.meta.url).href, {
    type: "module",
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await api.ready(base);
    const groups = await setUp(base);
    const plan = { url: base, connections: CONNECTIONS, groups };
    const warm = await runDriver(worker, { ...plan, commands: WARMUP_COMMANDS });
    if (warm.errors > 0) throw new Error(`warm-up: ${warm.errors} errors, ${warm.firstError}`);
    const cpuBefore = cpuMs(api.child.pid);
    const report = await runDriver(worker, { ...plan, commands: COMMANDS });
    const cpuPerCommand = (cpuMs(api.child.pid) - cpuBefore) / COMMANDS;
    if (report.errors > 0) throw new Error(`${report.errors} failed: ${report.firstError}`);
    const sorted = report.latencies.toSorted((x, y) => x - y);
    return `tracing ${
      traced ? "on " : "off"
    }: ${COMMANDS} expense commands over ${CONNECTIONS} connections in ${
      (report.elapsedMs / 1000).toFixed(2)
    } s = ${Math.round(COMMANDS / (report.elapsedMs / 1000))} commands/s, p50 ${
      percentile(sorted, 50).toFixed(1)
    } ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, server CPU ${
      cpuPerCommand.toFixed(2)
    } ms per command${traced ? ` (${receiver.exports()} OTLP trace exports received)` : ""}`;
  } finally {
    worker.terminate();
    await api.stop();
    await receiver.server.shutdown();
  }
}

Deno.bench({
  name: "HTTP expense commands on serve:command-api, tracing off then on",
  n: 1,
  warmup: 0,
  fn: async () => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const traced of [false, true]) {
        // deno-lint-ignore no-console
        console.log(await measure(traced));
      }
    }
  },
});
