/**
 * Catch-up speed: 50,000 pre-written group events (100 groups), every
 * projection rebuilt from zero and caught up. Run with `deno bench -A
 * projector/bench/catchup_bench.ts`; prints events/s.
 */
import type { GroupEvent } from "@kopek/domain";
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { projectorMigrate } from "../migrate.ts";
import { createProjector } from "../projector.ts";
import { PROJECTION_NAMES } from "../projections/mod.ts";
import { createSimGroup, nextEvents, record, rng, toNewEvents } from "../testing/builder.ts";
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
const random = rng(42);
const groups = Array.from({ length: GROUPS }, () => createSimGroup({ members: 4 }));
let written = 0;
let head = 0;
for (const { group, events } of groups) {
  head = (await store.append({
    stream: group.stream,
    expectedVersion: 0,
    events: toNewEvents(events, group.ownerUserId),
  })).position;
  written += events.length;
}
while (written < EVENTS) {
  await Promise.all(groups.map(async ({ group }) => {
    const expectedVersion = group.version;
    const events: GroupEvent[] = [];
    for (let i = 0; i < PER_APPEND; i++) {
      const next = nextEvents(group, random);
      record(group, next);
      events.push(...next);
    }
    const r = await store.append({
      stream: group.stream,
      expectedVersion,
      events: toNewEvents(events, group.ownerUserId),
    });
    head = Math.max(head, r.position);
  }));
  written += GROUPS * PER_APPEND;
}

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
