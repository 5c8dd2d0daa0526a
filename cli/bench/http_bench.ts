/**
 * Commands per second end to end over HTTP: the all-in-one process (command
 * API, query API, projector) started in this process on a throwaway database,
 * {@linkcode GROUPS} groups of {@linkcode MEMBERS} members, then
 * {@linkcode COMMANDS} equal-split expenses (`POST /v1/groups/{g}/expenses`)
 * spread over the groups by 32 and by 64 concurrent keep-alive connections.
 * The clients run in a Worker (their own thread, as real clients would be).
 * Prints commands/s and p50/p99/max latency. Run with
 * `deno bench -A cli/bench/http_bench.ts`.
 *
 * Each case starts and stops its own server and database, so that nothing is
 * left behind whatever fails.
 *
 * @module
 */
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";
import { type PlanGroup, runDriver } from "./_http_driver.ts";

/** Commands per measured run. */
const COMMANDS = Number(Deno.env.get("KOPEK_BENCH_COMMANDS") ?? "5000");
/** Commands sent before measuring (JIT, pools, the command API's group cache). */
const WARMUP_COMMANDS = 1_000;
const GROUPS = 64;
/** Members per group, the owner included. */
const MEMBERS = 4;
/** Users owning the groups (registration hashes a password: keep it small). */
const USERS = 4;
const CONNECTIONS = [32, 64];

async function setUp(base: string): Promise<PlanGroup[]> {
  const anon = new KopekClient(base);
  const tag = crypto.randomUUID().slice(0, 8);
  const users: { client: KopekClient; userId: string }[] = [];
  for (let u = 0; u < USERS; u++) {
    users.push(await anon.register(`bench-${u}-${tag}@example.com`, `Bench ${u}`));
  }
  return await Promise.all(Array.from({ length: GROUPS }, async (_, i) => {
    const { client } = users[i % USERS];
    const g = await client.post("/v1/groups", { name: `Bench group ${i}`, currency: "EUR" });
    if (g.status !== 201) throw new Error(`create group: ${g.status} ${JSON.stringify(g.body)}`);
    const memberIds = [g.body.memberId as string];
    for (let m = 1; m < MEMBERS; m++) {
      const a = await client.post(`/v1/groups/${g.body.id}/members`, {
        name: `Member ${m}`,
        role: "member",
      });
      if (a.status !== 201) throw new Error(`add member: ${a.status} ${JSON.stringify(a.body)}`);
      memberIds.push(a.body.id as string);
    }
    return { id: g.body.id as string, token: client.token!, memberIds };
  }));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(b: Deno.BenchContext, connections: number): Promise<void> {
  await using db = await createTestDatabase("kopek_httpbench");
  const worker = new Worker(new URL("./_http_driver.ts", import.meta.url).href, {
    type: "module",
  });
  // Load, not abuse: the rate limits would throttle the benchmark itself.
  const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
  try {
    const groups = await setUp(running.url);
    const plan = { url: running.url, connections, groups };
    const warm = await runDriver(worker, { ...plan, commands: WARMUP_COMMANDS });
    if (warm.errors > 0) throw new Error(`warm-up: ${warm.errors} errors, ${warm.firstError}`);
    b.start();
    const report = await runDriver(worker, { ...plan, commands: COMMANDS });
    b.end();
    if (report.errors > 0) {
      throw new Error(`${report.errors} of ${COMMANDS} commands failed: ${report.firstError}`);
    }
    const sorted = report.latencies.toSorted((x, y) => x - y);
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    // deno-lint-ignore no-console
    console.log(
      `http: ${connections} connections, ${COMMANDS} expense commands in ${
        (report.elapsedMs / 1000).toFixed(2)
      } s = ${Math.round(COMMANDS / (report.elapsedMs / 1000))} commands/s, p50 ${
        ms(percentile(sorted, 50))
      }, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1])}`,
    );
  } finally {
    worker.terminate();
    await running.stop();
  }
}

for (const connections of CONNECTIONS) {
  Deno.bench({
    name: `HTTP expense commands, ${connections} connections, ${GROUPS} groups`,
    group: "http commands",
    n: 1,
    warmup: 0,
    fn: async (b) => await measure(b, connections),
  });
}
