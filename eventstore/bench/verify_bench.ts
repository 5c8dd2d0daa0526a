/**
 * Verifying one group's hash chain over a long history, as `GET …/verify`
 * and `kopek verify --group` do (`verifyStream(store, stream)`), beside its
 * peers in the same run: a plain SELECT of the same rows, page by page, that
 * only counts them (what reading through the driver's rows costs before any
 * hashing), and PostgreSQL's own `COPY (SELECT …) TO STDOUT` of the rows
 * (by `psql`, read here: what the server's side of the COPY read costs,
 * ADR 0073). Prints events/s of all three, the ratios, and the peak memory
 * of the process.
 *
 * `deno run -A eventstore/bench/verify_bench.ts` (1,000,000 events; `KOPEK_BENCH_EVENTS=100k`
 * for a quick run, `KOPEK_BENCH_ROUNDS` rounds, default 3; `KOPEK_BENCH_PEER=0` skips the
 * peer, for a `--cpu-prof` of the subject alone). The history is written once into
 * `kopek_vxbench_<n>` and kept (see `_history.ts`).
 *
 * @module
 */
import { createPostgresEventStore, verifyStream } from "@kopek/eventstore";
import type { Sql } from "@kopek/platform";
import { benchEvents, benchHistory, cpuPerEvent, memorySampler, perSecond } from "./_history.ts";
import { copyOut } from "./export_bench.ts";

const PAGE = 2_000;

/** The peer: the same rows, same pages, same columns, through the same driver; counted. */
export async function plainSelect(sql: Sql, stream: string): Promise<number> {
  let after = 0;
  let count = 0;
  while (true) {
    const rows = await sql<{ version: number }[]>`
      SELECT position, tx_id::text AS tx_id, id::text AS id, stream, version, type,
             schema_version, data, metadata, hash, prev_hash
      FROM events WHERE stream = ${stream}::text AND version > ${after}::integer
      ORDER BY version LIMIT ${PAGE}::bigint`;
    count += rows.length;
    if (rows.length < PAGE) return count;
    after = rows[rows.length - 1].version;
  }
}

/** One timed run of `fn`; its events/s and the peaks of memory while it ran. */
export async function timed(fn: () => Promise<number>) {
  const memory = memorySampler();
  const started = performance.now();
  const events = await fn();
  const ms = performance.now() - started;
  return { events, ms, perSecond: perSecond(events, ms), memory: memory.stop() };
}

if (import.meta.main) {
  const n = benchEvents();
  const rounds = Number(Deno.env.get("KOPEK_BENCH_ROUNDS") ?? "3");
  const withPeer = Deno.env.get("KOPEK_BENCH_PEER") !== "0";
  await using history = await benchHistory(n);
  const store = createPostgresEventStore(history.sql);
  // Warm the cache and the connections.
  await plainSelect(history.sql, history.stream);
  for (let r = 1; r <= rounds; r++) {
    const peer = withPeer
      ? await timed(() => plainSelect(history.sql, history.stream))
      : { ms: NaN, perSecond: NaN, memory: { cpuMs: NaN } };
    const copy = withPeer
      ? await timed(async () => (await copyOut(history.url, history.stream), n))
      : { ms: NaN, perSecond: NaN };
    const verify = await timed(async () => {
      const report = await verifyStream(store, history.stream);
      if (!report.ok || report.events !== n) throw new Error("the bench history does not verify");
      return report.events;
    });
    // deno-lint-ignore no-console
    console.log(
      `round ${r}: verify ${n} events: ${verify.perSecond} events/s (${
        (verify.ms / 1000).toFixed(1)
      } s), CPU ${cpuPerEvent(verify.memory.cpuMs, n)} µs/event, ` +
        `peak RSS ${verify.memory.rss} MiB (before ${verify.memory.rssBefore}), ` +
        `peak heap ${verify.memory.heap} MiB; plain SELECT: ${peer.perSecond} events/s, CPU ${
          cpuPerEvent(peer.memory.cpuMs, n)
        } µs/event; verify/SELECT ${
          Math.round(100 * peer.ms / verify.ms)
        } %; COPY TO (psql): ${copy.perSecond} events/s; verify/COPY ${
          Math.round(100 * copy.ms / verify.ms)
        } %`,
    );
  }
}
