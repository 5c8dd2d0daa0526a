import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import type { EventStore } from "@kopek/eventstore";
import type { Sql } from "@kopek/platform";
import { createProjector } from "./projector.ts";
import { appliedThrough, checkpointPosition, readCheckpoints } from "./checkpoints.ts";
import type { Projection } from "./projection.ts";
import { PROJECTION_NAMES, PROJECTIONS } from "./projections/mod.ts";
import { listQuarantine } from "./quarantine.ts";
import { createSimGroup, nextEvents, rng, type SimGroup, toNewEvents } from "./testing/builder.ts";
import {
  appendTo,
  assertReadModels,
  drain,
  projectorTestEnv,
  quietLogger,
  waitApplied,
} from "./testing/setup.ts";

async function buildGroups(
  store: Parameters<typeof appendTo>[0],
  n: number,
  ops: number,
  seed: number,
) {
  const random = rng(seed);
  const groups: SimGroup[] = [];
  let last = 0;
  for (let i = 0; i < n; i++) {
    const { group, events } = createSimGroup({ members: 3 });
    // createSimGroup folded its own events; append them as they are.
    const result = await store.append({
      stream: group.stream,
      expectedVersion: 0,
      events: toNewEvents(events, group.ownerUserId),
    });
    last = result.position;
    groups.push(group);
  }
  for (let i = 0; i < ops; i++) {
    const group = groups[Math.floor(random() * groups.length)];
    last = await appendTo(store, group, nextEvents(group, random));
  }
  return { groups, last };
}

Deno.test("createProjector() runOnce() applies every event once and the read models match the fold", async () => {
  await using env = await projectorTestEnv();
  const projector = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    batchSize: 100,
  });
  const { groups, last } = await buildGroups(env.store, 6, 400, 1);
  assertEquals(await appliedThrough(env.sql, last), false);
  const applied = await drain(projector, env.sql, last);
  assertEquals(applied, 6 * 5 + 400);
  ok(await appliedThrough(env.sql, last));
  assertEquals(await appliedThrough(env.sql, last + 1_000), false);
  assertEquals(await checkpointPosition(env.sql), last);
  await assertReadModels(env.sql, groups);
  // Nothing left: another round applies nothing and changes nothing.
  assertEquals(await projector.runOnce(), 0);
  await assertReadModels(env.sql, groups);
});

Deno.test("createProjector() rebuild() resets one projection while the others keep their checkpoints", async () => {
  await using env = await projectorTestEnv();
  const projector = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    batchSize: 150,
  });
  const { groups, last } = await buildGroups(env.store, 4, 300, 2);
  await drain(projector, env.sql, last);
  await projector.rebuild("balances");
  const cps = new Map((await readCheckpoints(env.sql)).map((c) => [c.name, c.cursor]));
  assertEquals(cps.get("balances"), null);
  ok(cps.get("groups") !== null);
  assertEquals(await checkpointPosition(env.sql), 0);
  const [{ n }] = await env.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM rm_balances`;
  assertEquals(n, 0);
  // More writes while the rebuilt projection is behind.
  const random = rng(9);
  let head = last;
  for (let i = 0; i < 50; i++) {
    const g = groups[i % groups.length];
    head = await appendTo(env.store, g, nextEvents(g, random));
  }
  await drain(projector, env.sql, head);
  await assertReadModels(env.sql, groups);
  await assertRejects(() => projector.rebuild("nope"));
});

Deno.test("createProjector(): the projections at one checkpoint share one read of the page, and one projection's failure stays its own", async () => {
  await using env = await projectorTestEnv();
  const { groups, last } = await buildGroups(env.store, 3, 40, 4);
  let reads = 0;
  const store: EventStore = {
    ...env.store,
    readAll: (options) => {
      reads++;
      return env.store.readAll(options);
    },
  };
  const poisoned = groups[0].groupId;
  let down = true;
  const projections: Projection[] = PROJECTIONS.map((p) => {
    // An environment fault (an error with a code, ADR 0016) in one projection...
    if (p.name === "reports") {
      return {
        ...p,
        apply: async (tx, events) => {
          if (down) throw Object.assign(new Error("disk full"), { code: "test.environment" });
          await p.apply(tx, events);
        },
      };
    }
    // ...and a fault of one group's data in another.
    if (p.name === "expenses") {
      return {
        ...p,
        apply: async (tx, events) => {
          if (events.some((e) => e.groupId === poisoned)) throw new Error("cannot apply");
          await p.apply(tx, events);
        },
      };
    }
    return p;
  });
  const projector = createProjector({
    sql: env.sql,
    store,
    logger: quietLogger(),
    batchSize: 10_000,
    projections,
  });
  // A round may read nothing, or only part of the log, while another transaction of the server
  // holds the log's horizon back; a failing round on a partial page would leave the others short of
  // `last` ("groups 50 !== 55" under load). So the rounds start once the whole log is visible (it
  // stays visible), and one page then holds it all.
  const deadline = Date.now() + 60_000;
  while (
    (await env.store.readAll({ after: null, limit: 10_000 })).events.at(-1)?.position !== last
  ) {
    ok(Date.now() < deadline, "the log's horizon did not reach the last event in time");
    await new Promise((r) => setTimeout(r, 20));
  }
  for (;;) {
    reads = 0;
    const failed = await projector.runOnce().then(() => false, () => true);
    if (failed) break;
    ok(Date.now() < deadline, "no round failed in time");
    await new Promise((r) => setTimeout(r, 20));
  }
  assertEquals(reads, 1, "one read of the page for the ten projections");
  // The round failed with the first error; the other transactions commit on their own.
  const positions = await settledPositions(env.sql, last);
  for (const name of PROJECTION_NAMES) {
    assertEquals(positions.get(name), name === "reports" ? 0 : last, name);
  }
  const quarantined = (await listQuarantine(env.sql)).map((q) => [q.projection, q.groupId]);
  assertEquals(quarantined, [["expenses", poisoned]]);
  // The poisoned group is quarantined for expenses only: balances applied its events.
  const [{ n }] = await env.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM rm_balances WHERE group_id = ${poisoned}::uuid`;
  ok(n > 0);
  // Once the environment is back, reports catches up on its own.
  down = false;
  await drain(projector, env.sql, last);
  assertEquals((await listQuarantine(env.sql)).length, 1);
  const [{ cells }] = await env.sql<{ cells: number }[]>`
    SELECT count(*)::int AS cells FROM rm_report_totals WHERE group_id = ${poisoned}::uuid`;
  ok(cells > 0);
});

/** The checkpoints' positions once every projection but at most one has reached `last`. */
async function settledPositions(sql: Sql, last: number): Promise<Map<string, number>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const cps = await readCheckpoints(sql);
    const positions = new Map(cps.map((c) => [c.name, c.cursor?.position ?? 0]));
    const behind = [...positions.values()].filter((p) => p !== last).length;
    if (behind <= 1 || Date.now() > deadline) return positions;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function assertRejects(f: () => Promise<unknown>) {
  let threw = false;
  try {
    await f();
  } catch {
    threw = true;
  }
  ok(threw, "expected a rejection");
}

Deno.test("createProjector() start() follows new events and stop() ends the loop", async () => {
  await using env = await projectorTestEnv();
  const seen: number[] = [];
  const projector = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    idleMs: 10,
    onAdvanced: (p) => seen.push(p),
  });
  projector.start();
  const { groups, last } = await buildGroups(env.store, 2, 50, 3);
  await waitApplied(env.sql, last);
  await projector.stop();
  ok(seen.length > 0 && seen.includes(last));
  await assertReadModels(env.sql, groups);
});
