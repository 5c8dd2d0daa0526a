/**
 * Blue/green rebuild speed: 200,000 group events (200 groups) written through
 * the real event store, then every read model rebuilt into its build schema
 * and swapped in (`kopek rebuild --all`). Run with `deno bench -A
 * projector/bench/rebuild_bench.ts` (`KOPEK_BENCH_REBUILD_EVENTS` to change
 * the size); prints events/s and how long the swap held the projector.
 */
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { projectorMigrate } from "../migrate.ts";
import { rebuildProjections } from "../rebuild.ts";
import { PROJECTION_NAMES } from "../projections/mod.ts";
import { writeSimulatedHistory } from "../testing/builder.ts";
import { quietLogger } from "../testing/setup.ts";

const EVENTS = Number(Deno.env.get("KOPEK_BENCH_REBUILD_EVENTS") ?? "200000");
const GROUPS = 200;
const PER_APPEND = 50;
const RUNS = 2;
/** The prefix of this bench's databases (no other bench or test uses it). */
const PREFIX = "kopek_rebuild";

// No hook after the last run: a previous run's database is dropped here (idle ones only).
await dropStaleTestDatabases(PREFIX);

const db = await createTestDatabase(PREFIX);
await migrate(db.sql);
await projectorMigrate(db.sql);
const store = createPostgresEventStore(db.sql);
const { written } = await writeSimulatedHistory(store, {
  events: EVENTS,
  groups: GROUPS,
  members: 4,
  perAppend: PER_APPEND,
  concurrency: 10,
  seed: 7,
});

Deno.bench({
  name: `blue/green rebuild of every read model from ${written} events`,
  n: RUNS,
  warmup: 0,
  async fn(b) {
    b.start();
    const started = performance.now();
    const result = await rebuildProjections(
      { sql: db.sql, store, logger: quietLogger() },
      PROJECTION_NAMES,
    );
    const seconds = (performance.now() - started) / 1000;
    b.end();
    // deno-lint-ignore no-console
    console.log(
      `rebuild --all: ${result.events} events in ${seconds.toFixed(2)} s = ${
        Math.round(result.events / seconds)
      } events/s (swap held the projector ${result.swapMs} ms)`,
    );
  },
});
