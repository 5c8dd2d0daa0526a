/**
 * Blue/green rebuild speed: 200,000 group events (200 groups) written through
 * the real event store, then every read model rebuilt into its build schema
 * and swapped in (`kopek rebuild --all`). Run with `deno bench -A
 * projector/bench/rebuild_bench.ts` (`KOPEK_BENCH_REBUILD_EVENTS` to change
 * the size); prints events/s and how long the swap held the projector.
 */
import type { GroupEvent } from "@kopek/domain";
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { projectorMigrate } from "../migrate.ts";
import { rebuildProjections } from "../rebuild.ts";
import { PROJECTION_NAMES } from "../projections/mod.ts";
import { createSimGroup, nextEvents, record, rng, toNewEvents } from "../testing/builder.ts";
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
const random = rng(7);
const groups = Array.from({ length: GROUPS }, () => createSimGroup({ members: 4 }));
let written = 0;
for (const { group, events } of groups) {
  await store.append({
    stream: group.stream,
    expectedVersion: 0,
    events: toNewEvents(events, group.ownerUserId),
  });
  written += events.length;
}
while (written < EVENTS) {
  // Ten groups at a time: the appends of one group are sequential (expected versions).
  for (let i = 0; i < GROUPS && written < EVENTS; i += 10) {
    await Promise.all(
      groups.slice(i, i + 10).map(async ({ group }) => {
        const expectedVersion = group.version;
        const events: GroupEvent[] = [];
        for (let k = 0; k < PER_APPEND; k++) {
          const next = nextEvents(group, random);
          record(group, next);
          events.push(...next);
        }
        await store.append({
          stream: group.stream,
          expectedVersion,
          events: toNewEvents(events, group.ownerUserId),
        });
        written += events.length;
      }),
    );
  }
}

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
