import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { createMemoryEventStore, type EventStore } from "@kopek/eventstore";
import { groupStream } from "@kopek/domain";
import { createGroupRepository } from "./group_repository.ts";
import { create, ctx, meta, rename } from "./_plans_testing.ts";

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

Deno.test("noticed(): a cached group another process wrote to reads the events after its version once, and appends without a conflict", async () => {
  const shared = createMemoryEventStore();
  const a = counting(shared);
  const b = counting(shared);
  const announced: [string, number][] = [];
  const groupsA = createGroupRepository(a.store, {
    newId: uuidv7,
    onGroupAppended: (g, v) => announced.push([g, v]),
  });
  let caughtUp = 0;
  const groupsB = createGroupRepository(b.store, { newId: uuidv7, onCaughtUp: () => caughtUp++ });
  const g = uuidv7();
  await groupsA.execute(g, ctx, meta(), create(g));
  await groupsB.execute(g, ctx, meta(), rename("B")); // B caches the group at version 3
  await groupsA.execute(g, ctx, meta(), rename("A")); // A: at 4 after reading B's event
  assert.deepEqual(announced, [[g, 2], [g, 4]]);

  // B hears A's append: its next command reads once and appends once.
  assert.equal(groupsB.noticed(g, 4), true);
  assert.equal(groupsB.noticed(g, 4), false); // already marked
  b.calls.reads = 0;
  b.calls.appends = 0;
  assert.equal((await groupsB.execute(g, ctx, meta(), rename("B2"))).answer, "B2@5");
  assert.deepEqual(b.calls, { reads: 1, appends: 1 });
  assert.equal(caughtUp, 1);

  // The mark is spent: the next command trusts the cache again.
  b.calls.reads = 0;
  b.calls.appends = 0;
  await groupsB.execute(g, ctx, meta(), rename("B3"));
  assert.deepEqual(b.calls, { reads: 0, appends: 1 });
  assert.equal(caughtUp, 1);
});

Deno.test("noticed(): without the notice the stale fold fails its append once and retries; stale or unknown notices cost nothing", async () => {
  const shared = createMemoryEventStore();
  const b = counting(shared);
  const groupsA = createGroupRepository(shared, { newId: uuidv7 });
  const groupsB = createGroupRepository(b.store, { newId: uuidv7 });
  const g = uuidv7();
  await groupsA.execute(g, ctx, meta(), create(g));
  await groupsB.execute(g, ctx, meta(), rename("B")); // B at 3
  await groupsA.execute(g, ctx, meta(), rename("A")); // A at 4, B not told (a lost notice)

  // A notice at or below B's version, or for a group B does not hold, marks nothing.
  assert.equal(groupsB.noticed(g, 3), false);
  assert.equal(groupsB.noticed(uuidv7(), 9), false);
  b.calls.reads = 0;
  b.calls.appends = 0;
  assert.equal((await groupsB.execute(g, ctx, meta(), rename("B2"))).answer, "B2@5");
  assert.deepEqual(b.calls, { reads: 1, appends: 2 }); // the failed append, the read, the append
});
