import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { createPostgresEventStore, type EventStore, migrate } from "@kopek/eventstore";
import { type GroupEvent, groupStream } from "@kopek/domain";
import { createTestDatabase } from "@kopek/platform/testing";
import { type CommandPlan, createGroupRepository } from "./group_repository.ts";
import { createCommand } from "./_plans_testing.ts";

/** A store that records the streams read in full (from version 0): reads of an uncached group. */
function recording(store: EventStore) {
  const fullReads: string[] = [];
  const wrapped: EventStore = {
    ...store,
    readStream(stream, options) {
      if ((options?.afterVersion ?? 0) === 0) fullReads.push(stream);
      return store.readStream(stream, options);
    },
  };
  return { store: wrapped, fullReads };
}

function createPlan(groupId: string): CommandPlan<{ id: string; name: string; version: number }> {
  return {
    build: () => createCommand(groupId),
    respond: (done) => {
      const created = done.events.find((e): e is Extract<GroupEvent, { type: "GroupCreated" }> =>
        e.type === "GroupCreated"
      )!;
      return { id: created.data.groupId, name: created.data.name, version: done.version };
    },
  };
}

Deno.test("execute() answers a retried create with the kept answer and caches no group for the retry's new id", async () => {
  await using db = await createTestDatabase("kopek_repo");
  await migrate(db.sql);
  const { store, fullReads } = recording(createPostgresEventStore(db.sql));
  const groups = createGroupRepository(store, { cacheSize: 1, newId: uuidv7 });
  const ctx = { actorUserId: uuidv7() };
  const meta = {
    commandId: "group.create:k",
    requestId: null,
    at: new Date().toISOString(),
    idempotency: { key: `${ctx.actorUserId}:group.create:k`, contentHash: "same" },
  };
  const first = uuidv7();
  const created = await groups.execute(first, ctx, meta, createPlan(first));
  assert.deepEqual(created.answer, { id: first, name: "Flat", version: 2 });
  assert.equal(created.duplicate, false);

  // The retry generated another group id: it answers the first group, appends nothing.
  const second = uuidv7();
  const retried = await groups.execute(second, ctx, meta, createPlan(second));
  assert.deepEqual(retried, { ...created, duplicate: true });
  assert.equal(await store.streamVersion(groupStream(second)), 0);
  assert.equal((await groups.current(second)).exists, false);

  // The cache holds one group: still the first one, which a command uses without reading it again.
  fullReads.length = 0;
  const renamed = await groups.execute(first, ctx, { ...meta, idempotency: undefined }, {
    build: () => ({ type: "group.update", name: "Home" }),
    respond: (done) => ({ name: done.state.name, version: done.version }),
  });
  assert.deepEqual(renamed.answer, { name: "Home", version: 3 });
  assert.deepEqual(fullReads, []);
  assert.equal((await groups.current(first)).name, "Home");
});

Deno.test("execute() builds the answer from a copy of the state: a refused append leaves the cache as it was", async () => {
  await using db = await createTestDatabase("kopek_repo");
  await migrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const groups = createGroupRepository(store, { newId: uuidv7 });
  const ctx = { actorUserId: uuidv7() };
  const meta = { commandId: "c", requestId: null, at: new Date().toISOString() };
  const g = uuidv7();
  await groups.execute(g, ctx, meta, createPlan(g));
  const failing = groups.execute(g, ctx, meta, {
    build: () => ({ type: "group.update", name: "Renamed" }),
    respond: (done) => {
      assert.equal(done.state.name, "Renamed");
      assert.equal(done.position, null);
      throw new Error("no answer");
    },
  });
  await assert.rejects(failing, /no answer/);
  const state = await groups.current(g);
  assert.equal(state.name, "Flat");
  assert.equal(await store.streamVersion(groupStream(g)), 2);
});

Deno.test("execute() answers a key kept before answers were from its original events and today's state", async () => {
  await using db = await createTestDatabase("kopek_repo");
  await migrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const groups = createGroupRepository(store, { newId: uuidv7 });
  const ctx = { actorUserId: uuidv7() };
  const at = new Date().toISOString();
  const g = uuidv7();
  await groups.execute(g, ctx, { commandId: "c", requestId: null, at }, createPlan(g));
  // A rename kept the way the command side kept keys before ADR 0019: no answer.
  const idempotency = { key: `${ctx.actorUserId}:group.update:k`, contentHash: "rename" };
  const stored = await store.append({
    stream: groupStream(g),
    expectedVersion: 2,
    events: [{
      id: uuidv7(),
      type: "GroupRenamed",
      schemaVersion: 1,
      data: { name: "Old" },
      metadata: { actor: ctx.actorUserId, commandId: "group.update:k", at },
    }],
  }, { idempotency });
  await groups.execute(g, ctx, { commandId: "c2", requestId: null, at }, {
    build: () => ({ type: "group.update", name: "New" }),
    respond: () => null,
  });
  const retried = await groups.execute(
    g,
    ctx,
    { commandId: "group.update:k", requestId: null, at, idempotency },
    {
      build: () => ({ type: "group.update", name: "Old" }),
      respond: (done) => ({
        events: done.events.map((e) => e.type),
        version: done.version,
        name: done.state.name,
        position: done.position,
      }),
    },
  );
  assert.deepEqual(retried, {
    answer: { events: ["GroupRenamed"], version: 3, name: "New", position: null },
    position: stored.position,
    duplicate: true,
  });
  assert.equal(await store.streamVersion(groupStream(g)), 4);
});
