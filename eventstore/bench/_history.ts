/**
 * The long history the verify and export benches read: one group of `n`
 * events in a database of its own on the test server, named by `n`
 * (`kopek_vxbench_<n>`) and kept between runs, so that a "before" and an
 * "after" run (and repeated runs) read the very same rows. Written once:
 * a varied simulated start (members, expenses in every split mode, amends,
 * voids, settlements), then copies of its expenses under new ids, appended
 * 2,000 at a time through the event store (so the hash chain is the real
 * one). A database with a different count is dropped and written again.
 *
 * @module
 */
import process from "node:process";
import { connect, type Sql } from "@kopek/platform";
import { testServerUrl, withDatabaseName } from "@kopek/platform/testing";
import { writeLongGroup } from "@kopek/projector/testing";
import { createPostgresEventStore, migrate } from "@kopek/eventstore";

/** The bench's history: a pool on its database and the group's stream. */
export interface BenchHistory extends AsyncDisposable {
  readonly sql: Sql;
  readonly url: string;
  readonly stream: string;
  readonly events: number;
}

/** The number of events from `KOPEK_BENCH_EVENTS` (default 1,000,000; `100k`, `1M` accepted). */
export function benchEvents(fallback = 1_000_000): number {
  const text = Deno.env.get("KOPEK_BENCH_EVENTS");
  if (!text) return fallback;
  const m = /^(\d+)(k|M)?$/.exec(text.trim());
  if (!m) throw new Error(`KOPEK_BENCH_EVENTS must be a count like 100000, 100k or 1M`);
  return Number(m[1]) * (m[2] === "k" ? 1_000 : m[2] === "M" ? 1_000_000 : 1);
}

async function existingStream(sql: Sql, n: number): Promise<string | null> {
  try {
    const [row] = await sql<{ stream: string; version: number }[]>`
      SELECT stream, version FROM events WHERE stream LIKE 'group-%'
      ORDER BY version DESC LIMIT 1`;
    return row?.version === n ? row.stream : null;
  } catch {
    return null;
  }
}

/** Opens (writing it first when missing) the bench history of `n` events. */
export async function benchHistory(n: number): Promise<BenchHistory> {
  const name = `kopek_vxbench_${n}`;
  const url = withDatabaseName(testServerUrl(), name);
  const admin = connect(testServerUrl(), { max: 1 });
  let sql: Sql;
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    sql = connect(url, { max: 4, applicationName: "kopek-bench", statementTimeoutMs: 0 });
    let stream = exists ? await existingStream(sql, n) : null;
    if (stream === null) {
      await sql.end();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE ${name}`);
      sql = connect(url, { max: 4, applicationName: "kopek-bench", statementTimeoutMs: 0 });
      await migrate(sql);
      const t = performance.now();
      stream = `group-${await writeLongGroup(createPostgresEventStore(sql), n, 7)}`;
      await sql`VACUUM ANALYZE events`;
      // deno-lint-ignore no-console
      console.error(`wrote ${n} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const pool = sql;
    return {
      sql,
      url,
      stream,
      events: n,
      async [Symbol.asyncDispose]() {
        await pool.end({ timeout: 5 });
      },
    };
  } finally {
    await admin.end();
  }
}

/**
 * Samples the process's resident set and JS heap every 20 ms while it runs,
 * and counts the CPU time the process spends (user and system, every thread):
 * on a shared, loaded machine the CPU time per event is the steadier figure.
 */
export function memorySampler() {
  const before = Deno.memoryUsage();
  const cpuBefore = process.cpuUsage();
  let rss = before.rss;
  let heap = before.heapUsed;
  const timer = setInterval(() => {
    const m = Deno.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  return {
    /** Stops sampling; the peaks and the figures before, in MiB, and the CPU time in ms. */
    stop() {
      clearInterval(timer);
      const m = Deno.memoryUsage();
      const cpu = process.cpuUsage(cpuBefore);
      rss = Math.max(rss, m.rss);
      heap = Math.max(heap, m.heapUsed);
      return {
        rssBefore: mib(before.rss),
        rss: mib(rss),
        heapBefore: mib(before.heapUsed),
        heap: mib(heap),
        cpuMs: (cpu.user + cpu.system) / 1000,
      };
    },
  };
}

/** CPU time per event, in µs. */
export function cpuPerEvent(cpuMs: number, events: number): string {
  return (cpuMs * 1000 / events).toFixed(1);
}

function mib(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

/** Events per second, rounded to the thousand. */
export function perSecond(events: number, ms: number): number {
  return Math.round(events / (ms / 1000) / 1000) * 1000;
}
