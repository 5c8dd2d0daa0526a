import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { createProjector } from "./projector.ts";
import { appliedThrough, checkpointPosition, readCheckpoints } from "./checkpoints.ts";
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
