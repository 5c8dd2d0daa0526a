/**
 * Row 2: expense commands over HTTP against the HTTP stack's own ceiling, a minimal
 * authenticated route (`GET /v1/me`), both with Debian's wrk (32 connections, the scripts of
 * ops/load/wrk/) on the all-in-one process (the `start` task, projector running) on a fresh
 * database; every acknowledged write is checked in the event store afterwards.
 *
 * @module
 */
import { runDatabase } from "../load/database.ts";
import { allInOne } from "../load/scaling.ts";
import { wrkLoad } from "../load/wrk.ts";
import { type Row, size } from "./_row.ts";

/** Whether wrk is installed (`sh ops/ensure-wrk.sh` installs it). */
export async function wrkPresent(): Promise<boolean> {
  try {
    return (await new Deno.Command("wrk", { args: ["-v"], stdout: "null", stderr: "null" })
      .output()).code !== 127;
  } catch {
    return false;
  }
}

/**
 * Measures row 2 for `KOPEK_BENCH_HTTP_SECONDS` per script (default 15), with
 * `KOPEK_HTTP_WORKERS` of the environment (default 1).
 */
export async function httpRow(): Promise<Row> {
  const seconds = size("KOPEK_BENCH_HTTP_SECONDS", 15);
  const servers = size("KOPEK_BENCH_HTTP_WORKERS", 1);
  await using db = await runDatabase("kopek_benchrow", { max: 2 });
  await using kopek = await allInOne(db.url, servers);
  const [writes, ceiling] = await wrkLoad({
    base: kopek.base,
    databaseUrl: db.url,
    scripts: ["expenses", "me"],
    groups: 64,
    connections: 32,
    threads: 2,
    durationSeconds: seconds,
  });
  const note = (r: typeof writes) =>
    `p99 ${r.p99ms.toFixed(0)} ms, ${r.non2xx + r.socketErrors + r.timeouts} errors` +
    (r.lost === undefined ? "" : `, ${r.lost} lost`);
  return {
    what: `HTTP, all-in-one (${servers} server${servers === 1 ? "" : "s"}), wrk 32 connections`,
    subject: { label: "POST …/expenses", perSecond: writes.rps, note: note(writes) },
    peer: { label: "GET /v1/me", perSecond: ceiling.rps, note: note(ceiling) },
  };
}
