/**
 * Exporting one group's long history as the SQL dump, as `GET …/export.sql`
 * and `kopek export --group` do (`sqlDumpOfStreams`, ADR 0077, read to
 * the end and thrown away), beside its peer in the same run: PostgreSQL's
 * own `COPY (SELECT the same columns) TO STDOUT` of the same rows (by `psql`,
 * read here). Prints events/s and MB/s of both, their ratio,
 * and the peak memory (resident set, JS heap) of the process: flat in the
 * history's length when the export streams.
 *
 * `deno run -A eventstore/bench/export_bench.ts` (1,000,000 events; `KOPEK_BENCH_EVENTS=100k`
 * for a quick run, `KOPEK_BENCH_ROUNDS` rounds, default 3; `KOPEK_BENCH_PEER=0` skips the
 * peer, for a `--cpu-prof` of the subject alone).
 *
 * @module
 */
import { createPostgresEventStore, sqlDumpOfStreams } from "@kopek/eventstore";
import type { Sql } from "@kopek/platform";
import { benchEvents, benchHistory, cpuPerEvent, memorySampler, perSecond } from "./_history.ts";

/**
 * The peer: COPY of the dump's columns for the same rows, by `psql` (postgres.js's COPY readable
 * stalls on long outputs: porsager/postgres#917), its output read here; answers the bytes.
 */
export async function copyOut(url: string, stream: string): Promise<number> {
  // COPY takes no parameters: the stream's name is checked, then written in.
  if (!/^[\w-]+$/.test(stream)) throw new Error(`unexpected stream name ${stream}`);
  const copy = `COPY (SELECT position, stream, version, id, type, schema_version, data, metadata,
    hash, prev_hash FROM events WHERE stream = '${stream}' ORDER BY version) TO STDOUT`;
  const child = new Deno.Command("psql", {
    args: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", copy.replaceAll("\n", " ")],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let bytes = 0;
  for await (const chunk of child.stdout) bytes += chunk.length;
  if (!(await child.status).success) throw new Error("psql COPY failed");
  return bytes;
}

/** The subject: the dump as the routes stream it; answers the bytes read. */
export async function dumpOut(sql: Sql, stream: string): Promise<number> {
  const store = createPostgresEventStore(sql);
  const untilPosition = await store.headPosition();
  const body = sqlDumpOfStreams(store, [stream], { untilPosition }, {
    exportedAt: "2026-12-06T00:00:00.000Z",
    title: "bench",
  });
  let bytes = 0;
  for await (const chunk of body) bytes += chunk.length;
  return bytes;
}

async function timedBytes(fn: () => Promise<number>) {
  const memory = memorySampler();
  const started = performance.now();
  const bytes = await fn();
  return { bytes, ms: performance.now() - started, memory: memory.stop() };
}

if (import.meta.main) {
  const n = benchEvents();
  const rounds = Number(Deno.env.get("KOPEK_BENCH_ROUNDS") ?? "3");
  const withPeer = Deno.env.get("KOPEK_BENCH_PEER") !== "0";
  await using history = await benchHistory(n);
  await copyOut(history.url, history.stream);
  for (let r = 1; r <= rounds; r++) {
    const peer = withPeer
      ? await timedBytes(() => copyOut(history.url, history.stream))
      : { bytes: NaN, ms: NaN, memory: { cpuMs: NaN } };
    const dump = await timedBytes(() => dumpOut(history.sql, history.stream));
    const mbs = (bytes: number, ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(0);
    // deno-lint-ignore no-console
    console.log(
      `round ${r}: export ${n} events: ${perSecond(n, dump.ms)} events/s, ${
        mbs(dump.bytes, dump.ms)
      } MB/s (${(dump.ms / 1000).toFixed(1)} s, ${(dump.bytes / 1024 / 1024).toFixed(0)} MB), CPU ${
        cpuPerEvent(dump.memory.cpuMs, n)
      } µs/event, ` +
        `peak RSS ${dump.memory.rss} MiB (before ${dump.memory.rssBefore}), peak heap ${dump.memory.heap} MiB; ` +
        `COPY TO (psql): ${perSecond(n, peer.ms)} events/s, ${mbs(peer.bytes, peer.ms)} MB/s; ` +
        `export/COPY ${Math.round(100 * peer.ms / dump.ms)} %`,
    );
  }
}
