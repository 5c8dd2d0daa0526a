/**
 * The auditor's costs on a long history, against a real PostgreSQL:
 *
 * - export: one group of 1,000,000 events (`KOPEK_BENCH_EXPORT_EVENTS`)
 *   streamed into the SQL dump (to nowhere); events/s, MB/s, and the peak
 *   memory of the process while it runs (resident set and JS heap, sampled
 *   every 20 ms) against before;
 * - verify: the same group's hash chain recomputed; events/s;
 * - as-of balances: a group of 100,000 events (`KOPEK_BENCH_ASOF_EVENTS`)
 *   folded up to an instant in the middle of its history, as
 *   `GET …/balances?asOf=` does.
 *
 * Run with `deno bench -A query-api/bench/audit_bench.ts` (part of `deno task bench`).
 * Writing the million events first takes a minute or two.
 */
import { groupStream } from "@kopek/domain";
import {
  createPostgresEventStore,
  migrate,
  sqlDumpStream,
  streamEvents,
  verifyChain,
} from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { writeLongGroup } from "@kopek/projector/testing";
import { balancesJson, foldUntil } from "../routes/balances.ts";

const EXPORT_EVENTS = Number(Deno.env.get("KOPEK_BENCH_EXPORT_EVENTS") ?? "1000000");
const ASOF_EVENTS = Number(Deno.env.get("KOPEK_BENCH_ASOF_EVENTS") ?? "100000");
const PREFIX = "kopek_auditb";

await dropStaleTestDatabases(PREFIX);
const db = await createTestDatabase(PREFIX);
await migrate(db.sql);
const store = createPostgresEventStore(db.sql);

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

let t = performance.now();
const bigGroup = await writeLongGroup(store, EXPORT_EVENTS, 7);
// deno-lint-ignore no-console
console.log(`wrote ${EXPORT_EVENTS} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
const asOfGroup = await writeLongGroup(store, ASOF_EVENTS, 8);
// deno-lint-ignore no-console
console.log(`wrote ${ASOF_EVENTS} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);

Deno.bench({
  name: `export.sql of one group of ${EXPORT_EVENTS} events (streamed, to nowhere)`,
  n: 1,
  warmup: 0,
  async fn(b) {
    const before = Deno.memoryUsage();
    let peak = { ...before };
    const sampler = setInterval(() => {
      const m = Deno.memoryUsage();
      peak = {
        ...peak,
        rss: Math.max(peak.rss, m.rss),
        heapUsed: Math.max(peak.heapUsed, m.heapUsed),
      };
    }, 20);
    b.start();
    const started = performance.now();
    let bytes = 0;
    const dump = sqlDumpStream(streamEvents(store, groupStream(bigGroup)), {
      exportedAt: new Date().toISOString(),
      title: "bench",
    });
    for await (const chunk of dump) bytes += chunk.length;
    const seconds = (performance.now() - started) / 1000;
    b.end();
    clearInterval(sampler);
    // deno-lint-ignore no-console
    console.log(
      `export: ${EXPORT_EVENTS} events, ${mb(bytes)} MB in ${seconds.toFixed(1)} s = ` +
        `${Math.round(EXPORT_EVENTS / seconds)} events/s, ${
          (bytes / 1024 / 1024 / seconds).toFixed(1)
        } MB/s; ` +
        `peak RSS ${mb(peak.rss)} MB (before ${mb(before.rss)} MB), ` +
        `peak JS heap ${mb(peak.heapUsed)} MB (before ${mb(before.heapUsed)} MB)`,
    );
  },
});

Deno.bench({
  name: `verify the hash chain of one group of ${EXPORT_EVENTS} events`,
  n: 1,
  warmup: 0,
  async fn(b) {
    b.start();
    const started = performance.now();
    const report = await verifyChain(streamEvents(store, groupStream(bigGroup)));
    const seconds = (performance.now() - started) / 1000;
    b.end();
    if (!report.ok) throw new Error("the bench history does not verify");
    // deno-lint-ignore no-console
    console.log(
      `verify: ${report.events} events in ${seconds.toFixed(1)} s = ${
        Math.round(report.events / seconds)
      } events/s`,
    );
  },
});

Deno.bench({
  name: `balances as of an instant, group of ${ASOF_EVENTS} events (fold from the store)`,
  n: 5,
  warmup: 1,
  async fn() {
    const middle = Date.parse("2026-01-01T00:00:00Z") + 1000 * (ASOF_EVENTS / 2);
    const { state } = await foldUntil(store, asOfGroup, middle);
    const members = [...state.members.keys()].map((memberId) => {
      const t = state.totals.get(memberId) ?? { paid: 0n, owed: 0n };
      return { memberId, paid: t.paid, owed: t.owed };
    });
    balancesJson(state.currency, new Date(middle).toISOString(), members);
  },
});
