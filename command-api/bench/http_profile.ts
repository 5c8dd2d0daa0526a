/**
 * A CPU profile of the all-in-one's server side under the load of
 * `cli/bench/http_bench.ts`: starts the all-in-one in this process on a
 * throwaway database (rate limits off), sets up the same groups, sends the
 * same equal-split expenses from a Worker (the clients' thread) and prints
 * commands/s and CPU time per command. `--ceiling` sends a body the
 * command's schema refuses instead (the driver's `ceiling`): the HTTP stack's
 * own ceiling with authentication and no database. Run it under the profiler, then summarise:
 *
 *     deno run -A --cpu-prof --cpu-prof-dir=/tmp/prof command-api/bench/http_profile.ts \
 *       [--commands 20000] [--connections 32] [--ceiling]
 *     deno run --allow-read ops/profile/top_frames.ts /tmp/prof/<file>.cpuprofile --top 25
 *
 * Deno writes one profile per isolate: the server's is the largest; the
 * Worker's is the clients'. Not part of `deno task test` or `deno task bench`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";
import { type PlanGroup, runDriver } from "../../cli/bench/_http_driver.ts";

const { values } = parseArgs({
  options: {
    commands: { type: "string", default: "20000" },
    connections: { type: "string", default: "32" },
    ceiling: { type: "boolean", default: false },
  },
});
const COMMANDS = Number(values.commands);
const CONNECTIONS = Number(values.connections);
const GROUPS = 64;
const MEMBERS = 4;
const USERS = 4;

async function setUp(base: string): Promise<PlanGroup[]> {
  const anon = new KopekClient(base);
  const tag = crypto.randomUUID().slice(0, 8);
  const users: { client: KopekClient }[] = [];
  for (let u = 0; u < USERS; u++) {
    users.push(await anon.register(`prof-${u}-${tag}@example.com`, `Prof ${u}`));
  }
  return await Promise.all(Array.from({ length: GROUPS }, async (_, i) => {
    const { client } = users[i % USERS];
    const g = await client.post("/v1/groups", { name: `Prof group ${i}`, currency: "EUR" });
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

/** CPU time (user + system) of this process and of its main thread (the server's), in ms. */
function cpuMs(): { process: number; main: number } {
  const ticks = (stat: string) => {
    // The fields after the command name (which may hold spaces) start at index 2 (state).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
  };
  const hz = 100; // USER_HZ on Linux
  return {
    process: (ticks(Deno.readTextFileSync("/proc/self/stat")) * 1000) / hz,
    main: (ticks(Deno.readTextFileSync(`/proc/self/task/${Deno.pid}/stat`)) * 1000) / hz,
  };
}

/** CPU time of the PostgreSQL backends serving database `name` (Linux /proc), in ms. */
function postgresCpuMs(name: string): number {
  let ticks = 0;
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      if (!cmdline.startsWith("postgres: ") || !cmdline.includes(` ${name} `)) continue;
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return (ticks * 1000) / 100;
}

const perCommand = (ms: number) => `${((ms * 1000) / COMMANDS).toFixed(0)} µs`;

await using db = await createTestDatabase("kopek_httpprof");
// The ceiling's clients send a body the schema refuses: the HTTP stack without the database.
const worker = new Worker(new URL("../../cli/bench/_http_driver.ts", import.meta.url).href, {
  type: "module",
});
const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
try {
  const groups = await setUp(running.url);
  const plan = { url: running.url, connections: CONNECTIONS, groups, ceiling: values.ceiling };
  await runDriver(worker, { ...plan, commands: 1_000 });
  const cpu0 = cpuMs();
  const pg0 = postgresCpuMs(db.name);
  const report = await runDriver(worker, { ...plan, commands: COMMANDS });
  const cpu1 = cpuMs();
  const pg1 = postgresCpuMs(db.name);
  const sorted = report.latencies.toSorted((x, y) => x - y);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  // deno-lint-ignore no-console
  console.log(
    `${
      values.ceiling ? "ceiling (422 before the database)" : "expense commands"
    }: ${COMMANDS} requests, ${CONNECTIONS} connections: ${
      Math.round(COMMANDS / (report.elapsedMs / 1000))
    }/s, p50 ${p(0.5).toFixed(1)} ms, p99 ${
      p(0.99).toFixed(1)
    } ms; CPU per command: server thread ${
      perCommand(cpu1.main - cpu0.main)
    }, whole process (clients, postgres.js, projector included) ${
      perCommand(cpu1.process - cpu0.process)
    }, PostgreSQL ${perCommand(pg1 - pg0)}; ${report.errors} errors ${report.firstError ?? ""}`,
  );
} finally {
  worker.terminate();
  await running.stop();
}
