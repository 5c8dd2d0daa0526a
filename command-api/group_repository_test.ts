import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { createMemoryEventStore, type EventStore } from "@kopek/eventstore";
import { groupStream } from "@kopek/domain";
import { type CommandPlan, createGroupRepository } from "./group_repository.ts";

/** A store that counts its reads and appends. */
function counting(store: EventStore) {
  const calls = { reads: 0, appends: 0 };
  const wrapped: EventStore = {
    ...store,
    readStream(stream, options) {
      calls.reads++;
      return store.readStream(stream, options);
    },
    append(requests, options) {
      calls.appends++;
      return store.append(requests, options);
    },
  };
  return { store: wrapped, calls };
}

const ctx = { actorUserId: uuidv7() };
const meta = () => ({ commandId: uuidv7(), requestId: null, at: new Date().toISOString() });

function create(groupId: string): CommandPlan<number> {
  return {
    build: () => ({
      type: "group.create",
      groupId,
      name: "Flat",
      currency: "EUR",
      ownerMemberId: uuidv7(),
      ownerName: "Ana",
    }),
    respond: (done) => done.version,
  };
}

const rename = (name: string): CommandPlan<string> => ({
  build: () => ({ type: "group.update", name }),
  respond: (done) => `${done.state.name}@${done.version}`,
});

Deno.test("execute() on a cached group costs one append and no read", async () => {
  const { store, calls } = counting(createMemoryEventStore());
  const groups = createGroupRepository(store, { newId: uuidv7 });
  const g = uuidv7();
  await groups.execute(g, ctx, meta(), create(g));
  calls.reads = 0;
  calls.appends = 0;
  const done = await groups.execute(g, ctx, meta(), rename("Home"));
  assert.equal(done.answer, "Home@3");
  assert.deepEqual(calls, { reads: 0, appends: 1 });
});

Deno.test("execute() queues concurrent commands on one group: none conflicts", async () => {
  const { store, calls } = counting(createMemoryEventStore());
  const groups = createGroupRepository(store, { newId: uuidv7 });
  const g = uuidv7();
  await groups.execute(g, ctx, meta(), create(g));
  calls.appends = 0;
  const answers = await Promise.all(
    ["a", "b", "c", "d"].map((n) => groups.execute(g, ctx, meta(), rename(n))),
  );
  assert.deepEqual(answers.map((a) => a.answer), ["a@3", "b@4", "c@5", "d@6"]);
  assert.equal(calls.appends, 4);
});

Deno.test("execute() on a cache another process made stale decides again on the stream", async () => {
  const store = createMemoryEventStore();
  const one = createGroupRepository(store, { newId: uuidv7 });
  const two = createGroupRepository(store, { newId: uuidv7 });
  const g = uuidv7();
  await one.execute(g, ctx, meta(), create(g));
  await one.current(g);
  await two.execute(g, ctx, meta(), rename("Two"));
  // `one` appends at its cached version 2: a conflict, then it reads version 3 and wins.
  const done = await one.execute(g, ctx, meta(), rename("One"));
  assert.equal(done.answer, "One@4");
  assert.equal(await store.streamVersion(groupStream(g)), 4);
  assert.equal((await one.current(g)).name, "One");
});

Deno.test("execute() of a command refused on a stale cache reads the stream before it refuses", async () => {
  const store = createMemoryEventStore();
  const one = createGroupRepository(store, { newId: uuidv7 });
  const two = createGroupRepository(store, { newId: uuidv7 });
  const g = uuidv7();
  await one.execute(g, ctx, meta(), create(g));
  // Another process adds Bo; `one`'s cache has never seen him.
  const bo = uuidv7();
  await two.execute(g, ctx, meta(), {
    build: () => ({ type: "member.add", memberId: bo, name: "Bo", userId: null, role: "member" }),
    respond: () => null,
  });
  const done = await one.execute(g, ctx, meta(), {
    build: () => ({ type: "member.update", memberId: bo, name: "Bob" }),
    respond: (d) => d.state.members.get(bo)?.name,
  });
  assert.equal(done.answer, "Bob");
});
