/**
 * The monthly reports read model: catch-up speed of the reports projection
 * alone (events/s) and the time of one year's report of a group with many
 * expenses. Run with `deno bench -A projector/bench/reports_bench.ts`
 * (`KOPEK_BENCH_EVENTS`, default 20,000 events in 10 groups).
 */
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { projectorMigrate } from "../migrate.ts";
import { createProjector } from "../projector.ts";
import { reportsProjection } from "../projections/reports/apply.ts";
import { monthlyReport } from "../projections/reports/queries.ts";
import { appliedPositions } from "../checkpoints.ts";
import { writeSimulatedHistory } from "../testing/builder.ts";
import { quietLogger } from "../testing/setup.ts";

const EVENTS = Number(Deno.env.get("KOPEK_BENCH_EVENTS") ?? "20000");
const GROUPS = 10;
const PER_APPEND = 50;
const PREFIX = "kopek_reports_bench";

await dropStaleTestDatabases(PREFIX);
const db = await createTestDatabase(PREFIX);
await migrate(db.sql);
await projectorMigrate(db.sql);
const store = createPostgresEventStore(db.sql);
const { written, head, groups } = await writeSimulatedHistory(store, {
  events: EVENTS,
  groups: GROUPS,
  members: 6,
  perAppend: PER_APPEND,
  concurrency: 1,
  seed: 7,
});

const projector = createProjector({
  sql: db.sql,
  store,
  logger: quietLogger(),
  projections: [reportsProjection],
});
const names = [reportsProjection.name];

async function catchUp(): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await projector.runOnce();
    total += n;
    if (n > 0) continue;
    if ((await appliedPositions(db.sql, [head], names)).has(head)) return total;
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.bench({
  name: `reports projection catch-up of ${written} events from zero`,
  n: 3,
  warmup: 0,
  async fn(b) {
    await projector.rebuild(reportsProjection.name);
    b.start();
    const started = performance.now();
    const applied = await catchUp();
    const seconds = (performance.now() - started) / 1000;
    b.end();
    // deno-lint-ignore no-console
    console.log(
      `reports catch-up: ${applied} events in ${seconds.toFixed(2)} s = ${
        Math.round(applied / seconds)
      } events/s`,
    );
  },
});

// The read bench needs the figures, whichever benches run.
await catchUp();
const groupId = groups[0].groupId;
const expenses = groups[0].state.entries.size;
Deno.bench({
  name: `one year's report of a group with ${expenses} entries (monthlyReport)`,
  async fn() {
    await monthlyReport(db.sql, groupId, "2026-01", "2026-12");
  },
});
