/**
 * What fault isolation costs: one batch of about 2,000 events over 100
 * groups applied by every projection, clean, then with one `"2026"` event
 * in one group (the search for it, the quarantine). Run with
 * `deno bench -A projector/bench/isolation_bench.ts`; prints ms per batch.
 */
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { projectorMigrate } from "../migrate.ts";
import { createProjector } from "../projector.ts";
import { PROJECTION_NAMES } from "../projections/mod.ts";
import { rng, writeSimulatedHistory } from "../testing/builder.ts";
import { appendWithAt } from "../testing/poison.ts";
import { drain, quietLogger } from "../testing/setup.ts";

const PREFIX = "kopek_isolation";
await dropStaleTestDatabases(PREFIX);

async function setUp(poisoned: boolean) {
  const db = await createTestDatabase(PREFIX);
  await migrate(db.sql);
  await projectorMigrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const history = await writeSimulatedHistory(store, {
    events: 2_000,
    groups: 100,
    members: 4,
    perAppend: 5,
    concurrency: 100,
    seed: 3,
  });
  let head = history.head;
  if (poisoned) head = await appendWithAt(store, history.groups[37], rng(1), "2026");
  const projector = createProjector({
    sql: db.sql,
    store,
    logger: quietLogger(),
    batchSize: 5_000,
  });
  return { db, projector, head };
}

for (const poisoned of [false, true]) {
  const env = await setUp(poisoned);
  Deno.bench({
    name: `one batch of ${poisoned ? "2,000 events and one poison" : "2,000 clean events"}`,
    n: 3,
    warmup: 0,
    async fn(b) {
      for (const name of PROJECTION_NAMES) await env.projector.rebuild(name);
      b.start();
      const started = performance.now();
      await drain(env.projector, env.db.sql, env.head);
      const ms = performance.now() - started;
      b.end();
      // deno-lint-ignore no-console
      console.log(`${poisoned ? "poisoned" : "clean"}: ${ms.toFixed(0)} ms for every projection`);
    },
  });
}
