import assert from "node:assert/strict";
import { conflict, type Decider } from "@kopek/domain";
import {
  createMemoryEventStore,
  type EventStore,
  IdempotencyConflictError,
  type StoredEvent,
  testEvent,
  VersionConflictError,
} from "@kopek/eventstore";
import { handle, type HandleOptions } from "./handle.ts";

/** A counter that refuses to pass 10. */
type Added = { type: "Added"; data: { n: number } };
const counter: Decider<{ add: number }, Added, number> = {
  decide: (c, s) => {
    if (s + c.add > 10) throw conflict("counter.full", "the counter would pass 10");
    return c.add === 0 ? [] : [{ type: "Added", data: { n: c.add } }];
  },
  evolve: (s, e) => s + e.data.n,
  initialState: () => 0,
};

const options: HandleOptions<{ add: number }, Added, number, { total: number }> = {
  parse: (e: StoredEvent) => ({ type: "Added", data: e.data as { n: number } }),
  toNew: (events) => events.map((e) => testEvent(e.type, e.data)),
  answer: (d) => ({ total: d.state }),
};

const idem = (key: string, contentHash = "h") => ({ key, contentHash });

Deno.test("handle() loads, decides, appends at the version decided on, and answers", async () => {
  const store = createMemoryEventStore();
  const first = await handle(store, "c", counter, { add: 3 }, options);
  assert.deepEqual(first.answer, { total: 3 });
  assert.equal(first.duplicate, false);
  const second = await handle(store, "c", counter, { add: 4 }, options);
  assert.deepEqual(second.answer, { total: 7 });
  assert.equal(second.loaded.version, 1);
  assert.equal(second.position, await store.headPosition());
  assert.equal(await store.streamVersion("c"), 2);
});

Deno.test("handle() appends nothing for no events and no key, and answers the last position", async () => {
  const store = createMemoryEventStore();
  const { position } = await handle(store, "c", counter, { add: 2 }, options);
  const none = await handle(store, "c", counter, { add: 0 }, options);
  assert.equal(none.result, null);
  assert.equal(none.position, position);
  assert.deepEqual(none.answer, { total: 2 });
});

Deno.test("handle() decides again when another writer moved the stream", async () => {
  const store = createMemoryEventStore();
  let builds = 0;
  const done = await handle(store, "c", counter, async (state) => {
    builds++;
    // Another writer appends after this attempt loaded the stream.
    if (builds === 1) {
      await store.append({
        stream: "c",
        expectedVersion: 0,
        events: [testEvent("Added", { n: 5 })],
      });
    }
    return { add: state === 0 ? 2 : 1 };
  }, options);
  assert.equal(builds, 2);
  // Decided again on the moved state.
  assert.deepEqual(done.answer, { total: 6 });
  assert.equal(await store.streamVersion("c"), 2);
});

Deno.test("handle() throws the version conflict after its last attempt", async () => {
  const store = createMemoryEventStore();
  let version = 0;
  const racing = handle(store, "c", counter, async () => {
    await store.append({
      stream: "c",
      expectedVersion: version++,
      events: [testEvent("Added", { n: 0 })],
    });
    return { add: 1 };
  }, { ...options, maxAttempts: 3 });
  await assert.rejects(racing, VersionConflictError);
  assert.equal(version, 3);
});

Deno.test("handle() keeps the answer with the key and answers it to a repeat", async () => {
  const store = createMemoryEventStore();
  const first = await handle(store, "c", counter, { add: 3 }, {
    ...options,
    idempotency: idem("k"),
  });
  await handle(store, "c", counter, { add: 1 }, options);
  const again = await handle(store, "c", counter, { add: 3 }, {
    ...options,
    idempotency: idem("k"),
  });
  assert.equal(again.duplicate, true);
  assert.deepEqual(again.answer, { total: 3 });
  assert.equal(again.position, first.position);
  assert.equal(await store.streamVersion("c"), 2);
  await assert.rejects(
    handle(store, "c", counter, { add: 3 }, { ...options, idempotency: idem("k", "other") }),
    IdempotencyConflictError,
  );
});

Deno.test("handle() answers a refused repeat what its first run kept", async () => {
  const store = createMemoryEventStore();
  await handle(store, "c", counter, { add: 8 }, { ...options, idempotency: idem("k") });
  // Now 8 + 8 passes 10: refused, but it already happened.
  const again = await handle(store, "c", counter, { add: 8 }, {
    ...options,
    idempotency: idem("k"),
  });
  assert.equal(again.duplicate, true);
  assert.deepEqual(again.answer, { total: 8 });
  await assert.rejects(
    handle(store, "c", counter, { add: 8 }, { ...options, idempotency: idem("new") }),
    (e) => (e as { code?: string }).code === "counter.full",
  );
  await assert.rejects(
    handle(store, "c", counter, { add: 8 }, { ...options, idempotency: idem("k", "x") }),
    IdempotencyConflictError,
  );
});

Deno.test("handle() builds a repeat's answer again when none was kept", async () => {
  const store = createMemoryEventStore();
  await store.append({ stream: "c", expectedVersion: 0, events: [testEvent("Added", { n: 2 })] }, {
    idempotency: idem("old"),
  });
  const again = await handle(store, "c", counter, { add: 2 }, {
    ...options,
    idempotency: idem("old"),
    answer: (d) => ({ total: d.events.length * 100 + d.version }),
  });
  assert.equal(again.duplicate, true);
  assert.deepEqual(again.answer, { total: 101 });
});

Deno.test("handle() loads again when a state that may be behind is refused", async () => {
  const store: EventStore = createMemoryEventStore();
  await store.append({ stream: "c", expectedVersion: 0, events: [testEvent("Added", { n: 1 })] });
  const loads: number[] = [];
  const done = await handle(store, "c", counter, { add: 5 }, {
    ...options,
    // A stale cache: it believes the counter is at 9.
    load: async (attempt) => {
      loads.push(attempt);
      if (attempt === 1) return { state: 9, version: 1, position: 1, fresh: false };
      return { state: 1, version: await store.streamVersion("c"), position: 1, fresh: true };
    },
  });
  assert.deepEqual(loads, [1, 2]);
  assert.deepEqual(done.answer, { total: 6 });
});

Deno.test("handle() appends companions in the same append, and honours an expected version", async () => {
  const store = createMemoryEventStore();
  await store.append({ stream: "c", expectedVersion: 0, events: [testEvent("Added", { n: 1 })] });
  const done = await handle(store, "c", counter, { add: 1 }, {
    ...options,
    load: () => Promise.resolve({ state: 0, version: 0, position: 0, fresh: true }),
    expectedVersion: () => "any",
    companions: (events) => [{
      stream: "index",
      expectedVersion: 0,
      events: events.map(() => testEvent("Indexed")),
    }],
  });
  assert.deepEqual(done.result?.streams, [{ stream: "c", version: 2 }, {
    stream: "index",
    version: 1,
  }]);
});
