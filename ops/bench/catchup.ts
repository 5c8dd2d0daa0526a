/**
 * Row 3: projector catch-up, every projection from zero (`createProjector` on a pre-written
 * simulated history of 100 groups), against two peers: a plain SELECT of the same events in
 * order (the read side), and the read models' final rows written once into empty tables (the
 * write side's ceiling, `_rewrite.ts`).
 *
 * @module
 */
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createProjector, PROJECTION_NAMES, projectorMigrate } from "@kopek/projector";
import { drain, quietLogger, writeSimulatedHistory } from "@kopek/projector/testing";
import { runDatabase } from "../load/database.ts";
import { type Row, size, timed } from "./_row.ts";
import { rewriteReadModels } from "./_rewrite.ts";
import { selectAll } from "./_select.ts";

/** Measures row 3 on `KOPEK_BENCH_CATCHUP_EVENTS` events (default 50,000), beside each peer. */
export async function catchUpRows(): Promise<Row[]> {
  const events = size("KOPEK_BENCH_CATCHUP_EVENTS", 50_000);
  await using db = await runDatabase("kopek_benchrow");
  await migrate(db.sql);
  await projectorMigrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const { written, head } = await writeSimulatedHistory(store, {
    events,
    groups: 100,
    members: 4,
    perAppend: 50,
    concurrency: 100,
    seed: 42,
  });
  const projector = createProjector({ sql: db.sql, store, logger: quietLogger() });
  for (const name of PROJECTION_NAMES) await projector.rebuild(name);
  const peer = await timed(() => selectAll(db.sql, "all"));
  const subject = await timed(() => drain(projector, db.sql, head, 600_000));
  const rewritten = await rewriteReadModels(db.sql);
  const what = `projector catch-up, all projections from zero, ${written} events`;
  const catchUp = { label: "createProjector", perSecond: written / (subject.ms / 1000) };
  return [
    {
      what,
      subject: catchUp,
      peer: { label: "plain SELECT of the events", perSecond: peer.value / (peer.ms / 1000) },
    },
    {
      what: `${what}, beside writing its outcome`,
      subject: catchUp,
      peer: {
        label: "the read models' final rows written once",
        perSecond: written / (rewritten.ms / 1000),
        note: `${rewritten.rows} rows of ${rewritten.tables} tables`,
      },
    },
  ];
}
