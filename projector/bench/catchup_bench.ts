/**
 * Catch-up speed: 50,000 pre-written group events (100 groups), every
 * projection rebuilt from zero and caught up. Run with `deno bench -A
 * projector/bench/catchup_bench.ts`; prints events/s.
 */
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { projectorMigrate } from "../migrate.ts";
import { createProjector } from "../projector.ts";
import { PROJECTION_NAMES } from "../projections/mod.ts";
import { writeSimulatedHistory } from "../testing/builder.ts";
import { drain, quietLogger } from "../testing/setup.ts";

const EVENTS = Number(Deno.env.get("KOPEK_BENCH_EVENTS") ?? "50000");
const GROUPS = 100;
const PER_APPEND = 50;
const RUNS = 3;
/** The prefix of this bench's databases (no other bench or test uses it). */
const PREFIX = "kopek_catchup";

// `deno bench` gives no hook after the last run, so the database of a previous
// run is dropped here instead (only idle ones: a run going on elsewhere on the
// server keeps its connections open, and its database is left alone).
await dropStaleTestDatabases(PREFIX);

const db = await createTestDatabase(PREFIX);
await migrate(db.sql);
await projectorMigrate(db.sql);
const store = createPostgresEventStore(db.sql);
const { written, head } = await writeSimulatedHistory(store, {
  events: EVENTS,
  groups: GROUPS,
  members: 4,
  perAppend: PER_APPEND,
  concurrency: GROUPS,
  seed: 42,
});

const projector = createProjector({
  sql: db.sql,
  store,
  logger: quietLogger(),
  batchSize: Number(Deno.env.get("KOPEK_BENCH_BATCH") ?? "2000"),
});

Deno.bench({
  name: `projector catch-up of ${written} events (all projections from zero)`,
  n: RUNS,
  warmup: 0,
  async fn(b) {
    for (const name of PROJECTION_NAMES) await projector.rebuild(name);
    b.start();
    const started = performance.now();
    const applied = await drain(projector, db.sql, head);
    const seconds = (performance.now() - started) / 1000;
    b.end();
    // deno-lint-ignore no-console
    console.log(
      `catch-up: ${applied} events in ${seconds.toFixed(2)} s = ${
        Math.round(applied / seconds)
      } events/s`,
    );
  },
});
