/**
 * The CPU that verifying and exporting spend per event once the rows are
 * read, without the database: the first 1,000 events of the bench history
 * (see `_history.ts`) are read once, then verified (`verifyChain`) and
 * written as a dump (`writeSqlDump`) from memory, verified again from their
 * `data` and `metadata` as JSON text (`readStreamText`), and, as their peer,
 * copied as `JSON.parse(JSON.stringify(row))` (about what the driver does
 * per row). Each figure is the best of `KOPEK_BENCH_ROUNDS` (default 100)
 * passes, in µs per event: on a shared, loaded machine the best pass is
 * the one least disturbed.
 *
 * `deno run -A eventstore/bench/cpu_bench.ts` (`KOPEK_BENCH_EVENTS` names the history, default
 * 100k).
 *
 * @module
 */
import {
  createPostgresEventStore,
  type StoredEvent,
  verifyChain,
  writeSqlDump,
} from "@kopek/eventstore";
import { benchEvents, benchHistory } from "./_history.ts";

const SAMPLE = 1_000;

async function best(rounds: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    await fn();
    min = Math.min(min, performance.now() - started);
  }
  return min;
}

if (import.meta.main) {
  const n = benchEvents(100_000);
  const rounds = Number(Deno.env.get("KOPEK_BENCH_ROUNDS") ?? "100");
  await using history = await benchHistory(n);
  const store = createPostgresEventStore(history.sql);
  const events: StoredEvent[] = await store.readStream(history.stream, {
    limit: Math.min(SAMPLE, n),
  });
  const texts = events.map((e) => JSON.stringify(e));
  const per = (ms: number) => (ms * 1000 / events.length).toFixed(2);
  const peer = await best(rounds, () => {
    for (const t of texts) JSON.parse(t);
  });
  const verify = await best(rounds, async () => {
    const report = await verifyChain(events);
    if (!report.ok) throw new Error("the sample does not verify");
  });
  const textEvents = await store.readStreamText!(history.stream, { limit: Math.min(SAMPLE, n) });
  const verifyText = await best(rounds, async () => {
    const report = await verifyChain(textEvents);
    if (!report.ok) throw new Error("the sample does not verify as text");
  });
  const dump = await best(rounds, async () => {
    async function* rows() {
      yield* events;
    }
    for await (
      const _ of writeSqlDump(rows(), { exportedAt: "2026-12-06T00:00:00Z", title: "b" })
    ) {
      // thrown away
    }
  });
  // deno-lint-ignore no-console
  console.log(
    `CPU per event, best of ${rounds} passes over ${events.length} events in memory: ` +
      `verify ${per(verify)} µs, verify from JSON text ${per(verifyText)} µs, dump ${
        per(dump)
      } µs; peer JSON.parse of the row ${per(peer)} µs`,
  );
}
