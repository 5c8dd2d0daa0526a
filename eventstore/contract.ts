/**
 * The contract every event store adapter passes: call
 * {@linkcode eventStoreContract} from the adapter's test file.
 *
 * @module
 */
import assert from "node:assert/strict";
import { eventHash } from "./hash.ts";
import {
  type AppendRequest,
  compareCursors,
  type Cursor,
  DuplicateEventError,
  type EventStore,
  IdempotencyConflictError,
  type NewEvent,
  type ReadAllResult,
  type StoredEvent,
  VersionConflictError,
} from "./port.ts";

/** Makes a fresh, empty store; disposing it releases whatever it holds. */
export type MakeStore = () => Promise<{ store: EventStore } & AsyncDisposable>;

/** A new event with a random id, for tests. */
export function testEvent(type: string, data: unknown = {}, commandId?: string): NewEvent {
  return {
    id: crypto.randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: "user-1",
      commandId: commandId ?? crypto.randomUUID(),
      at: "2024-05-01T10:00:00.000Z",
    },
  };
}

async function assertChain(events: readonly StoredEvent[]): Promise<void> {
  let prev: string | null = null;
  for (const e of events) {
    assert.equal(e.prevHash, prev, `prevHash of ${e.stream}@${e.version}`);
    assert.equal(e.hash, await eventHash(prev, e), `hash of ${e.stream}@${e.version}`);
    assert.match(e.hash, /^[0-9a-f]{64}$/);
    prev = e.hash;
  }
}

async function readEverything(store: EventStore, pageSize: number): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  let cursor: Cursor | null = null;
  for (;;) {
    const page = await store.readAll({ after: cursor, limit: pageSize });
    all.push(...page.events);
    if (page.events.length === 0) return all;
    cursor = page.cursor;
  }
}

/**
 * Reads after `after` until at least `count` events arrived. The global log
 * may lag behind appends that already returned (in PostgreSQL, while any
 * older transaction on the server is still running), never the other way.
 */
async function readAtLeast(
  store: EventStore,
  after: Cursor | null,
  count: number,
  pageSize = 1000,
): Promise<ReadAllResult> {
  const deadline = Date.now() + 30_000;
  const events: StoredEvent[] = [];
  let cursor = after;
  while (events.length < count) {
    const page = await store.readAll({ after: cursor, limit: pageSize });
    events.push(...page.events);
    cursor = page.cursor;
    if (page.events.length === 0) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { events, cursor };
}

/**
 * Registers the contract's `Deno.test` cases for one adapter. `makeStore` is
 * called once per case and must give an empty store.
 */
export function eventStoreContract(name: string, makeStore: MakeStore): void {
  function test(title: string, fn: (store: EventStore) => Promise<void>): void {
    Deno.test(`${name}: ${title}`, async () => {
      await using made = await makeStore();
      await fn(made.store);
    });
  }

  test("append() stores events that readStream() returns in order", async (store) => {
    const events = [testEvent("a", { n: 1 }), testEvent("b", { n: 2, s: "é" }), testEvent("c")];
    events[0].metadata.causationId = "cause-1";
    const result = await store.append({ stream: "s-1", expectedVersion: 0, events });
    assert.equal(result.duplicate, false);
    assert.deepEqual(result.streams, [{ stream: "s-1", version: 3 }]);
    assert.equal(result.events.length, 3);
    assert.equal(result.position, result.events[2].position);
    const read = await store.readStream("s-1");
    assert.deepEqual(read, result.events);
    assert.deepEqual(read.map((e) => e.version), [1, 2, 3]);
    assert.deepEqual(read.map((e) => e.id), events.map((e) => e.id));
    assert.deepEqual(read[1].data, { n: 2, s: "é" });
    assert.deepEqual(read[0].metadata, { ...events[0].metadata, requestId: null });
    assert.equal(read[1].metadata.causationId, null);
    assert.ok(read[0].position < read[1].position && read[1].position < read[2].position);
    assert.ok(read.every((e) => e.txId === read[0].txId && /^\d+$/.test(e.txId)));
  });

  test("append() never stores an at earlier than the previous event's in its stream", async (store) => {
    const at = (iso: string) => {
      const e = testEvent("a");
      return { ...e, metadata: { ...e.metadata, at: iso } };
    };
    await store.append({ stream: "t", expectedVersion: 0, events: [at("2026-12-05T10:00:00Z")] });
    // A clock an hour behind, in one event and in several; another stream is not concerned.
    const late = await store.append([
      {
        stream: "t",
        expectedVersion: 1,
        events: [at("2026-12-05T09:00:00.000Z"), at("2026-12-05T10:00:01.000Z")],
      },
      { stream: "u", expectedVersion: 0, events: [at("2026-12-05T09:00:00.000Z")] },
    ]);
    await store.append({ stream: "t", expectedVersion: 3, events: [at("2026-12-05T09:30:00Z")] });
    const read = await store.readStream("t");
    assert.deepEqual(read.map((e) => e.metadata.at), [
      "2026-12-05T10:00:00Z",
      "2026-12-05T10:00:00Z",
      "2026-12-05T10:00:01.000Z",
      "2026-12-05T10:00:01.000Z",
    ]);
    assert.deepEqual(read.slice(1, 3), late.events.slice(0, 2));
    assert.equal((await store.readStream("u"))[0].metadata.at, "2026-12-05T09:00:00.000Z");
    await assertChain(read);
  });

  test("append() keeps any JSON value as data", async (store) => {
    const values = [null, 0, -1.5, 1e21, "text", true, [1, "x", null], { z: 1, a: { b: [] } }];
    await store.append({
      stream: "json",
      expectedVersion: 0,
      events: values.map((v) => testEvent("v", v)),
    });
    const read = await store.readStream("json");
    assert.deepEqual(read.map((e) => e.data), values);
    await assertChain(read);
  });

  test("append() with expected version 0 fails when the stream exists", async (store) => {
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
    const error = await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("b")] })
      .then(() => null, (e) => e);
    assert.ok(error instanceof VersionConflictError);
    assert.equal(error.code, "eventstore.version_conflict");
    assert.equal(error.stream, "s");
    assert.equal(error.expected, 0);
    assert.equal(error.actual, 1);
    assert.equal(await store.streamVersion("s"), 1);
  });

  test("append() with an exact version succeeds and a stale one conflicts", async (store) => {
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
    await store.append({ stream: "s", expectedVersion: 1, events: [testEvent("b")] });
    await assert.rejects(
      store.append({ stream: "s", expectedVersion: 1, events: [testEvent("c")] }),
      (e) => e instanceof VersionConflictError && e.actual === 2 && e.expected === 1,
    );
    await assert.rejects(
      store.append({ stream: "s", expectedVersion: 5, events: [testEvent("c")] }),
      (e) => e instanceof VersionConflictError && e.actual === 2 && e.expected === 5,
    );
    await assert.rejects(
      store.append({ stream: "new", expectedVersion: 3, events: [testEvent("c")] }),
      (e) => e instanceof VersionConflictError && e.actual === 0,
    );
    assert.equal(await store.streamVersion("s"), 2);
  });

  test('append() with "any" appends to new and existing streams', async (store) => {
    const first = await store.append({
      stream: "s",
      expectedVersion: "any",
      events: [testEvent("a")],
    });
    assert.equal(first.events[0].version, 1);
    const second = await store.append({
      stream: "s",
      expectedVersion: "any",
      events: [testEvent("b"), testEvent("c")],
    });
    assert.deepEqual(second.events.map((e) => e.version), [2, 3]);
    await assertChain(await store.readStream("s"));
  });

  test('append() with "exists" needs an existing stream', async (store) => {
    await assert.rejects(
      store.append({ stream: "s", expectedVersion: "exists", events: [testEvent("a")] }),
      (e) => e instanceof VersionConflictError && e.expected === "exists" && e.actual === 0,
    );
    assert.equal(await store.streamVersion("s"), 0);
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
    const r = await store.append({
      stream: "s",
      expectedVersion: "exists",
      events: [testEvent("b")],
    });
    assert.equal(r.events[0].version, 2);
  });

  test("append() of several streams is all or nothing", async (store) => {
    await store.append({ stream: "b", expectedVersion: 0, events: [testEvent("b1")] });
    const requests: AppendRequest[] = [
      { stream: "a", expectedVersion: 0, events: [testEvent("a1")] },
      { stream: "b", expectedVersion: 0, events: [testEvent("b2")] },
    ];
    await assert.rejects(store.append(requests), VersionConflictError);
    assert.equal(await store.streamVersion("a"), 0);
    assert.equal(await store.streamVersion("b"), 1);

    requests[1] = { stream: "b", expectedVersion: 1, events: [testEvent("b2"), testEvent("b3")] };
    const result = await store.append(requests);
    assert.deepEqual(result.streams, [{ stream: "a", version: 1 }, { stream: "b", version: 3 }]);
    assert.deepEqual(result.events.map((e) => `${e.stream}@${e.version}`), ["a@1", "b@2", "b@3"]);
    assert.ok(result.events.every((e) => e.txId === result.events[0].txId));
    assert.equal(result.position, result.events[2].position);
  });

  test("append() with a repeated idempotency key returns the original result", async (store) => {
    const commandId = crypto.randomUUID();
    const idempotency = { key: commandId, contentHash: "c0ffee" };
    const request = { stream: "s", expectedVersion: 0, events: [testEvent("a", {}, commandId)] };
    const first = await store.append(request, { idempotency });
    const again = await store.append(request, { idempotency });
    assert.equal(again.duplicate, true);
    assert.deepEqual({ ...again, duplicate: false }, first);
    // Even with fresh event ids and a now stale expected version.
    const retried = await store.append(
      { ...request, events: [testEvent("a", {}, commandId)] },
      { idempotency },
    );
    assert.deepEqual(retried.events, first.events);
    assert.equal((await store.readStream("s")).length, 1);
    const all = await readAtLeast(store, null, 1);
    assert.equal(all.events.length, 1);
    assert.deepEqual(await store.readAll({ after: all.cursor, limit: 10 }), {
      events: [],
      cursor: all.cursor,
    });
  });

  test("append() with a reused idempotency key and other content conflicts", async (store) => {
    const key = crypto.randomUUID();
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] }, {
      idempotency: { key, contentHash: "one" },
    });
    const error = await store.append(
      { stream: "s", expectedVersion: "any", events: [testEvent("b")] },
      { idempotency: { key, contentHash: "two" } },
    ).then(() => null, (e) => e);
    assert.ok(error instanceof IdempotencyConflictError);
    assert.equal(error.code, "eventstore.idempotency_conflict");
    assert.equal(error.key, key);
    assert.equal(await store.streamVersion("s"), 1);
  });

  test("append() keeps a response with its key and answers it verbatim on every repeat", async (store) => {
    const key = `user-1:${crypto.randomUUID()}`;
    // Key order, text and numbers as given, whatever the adapter stores them in.
    const response = { status: 201, body: { z: "é\u0000", a: [1, null, 2.5], id: "x" }, m: {} };
    const idempotency = { key, contentHash: "c0ffee", response };
    const request = { stream: "s", expectedVersion: 0, events: [testEvent("a", {}, key)] };
    const first = await store.append(request, { idempotency });
    assert.equal(first.duplicate, false);
    assert.deepEqual(first.response, response);
    await store.append({ stream: "s", expectedVersion: 1, events: [testEvent("b")] });
    const again = await store.append(
      { ...request, events: [testEvent("a", {}, key)] },
      { idempotency: { ...idempotency, response: { other: true } } },
    );
    assert.equal(again.duplicate, true);
    assert.equal(JSON.stringify(again.response), JSON.stringify(response));
    assert.deepEqual(again.events, first.events);
    assert.equal(again.position, first.position);

    const earlier = await store.idempotentResult({ key, contentHash: "c0ffee" });
    assert.equal(earlier?.status, "duplicate");
    if (earlier?.status !== "duplicate") throw new Error("unreachable");
    assert.equal(JSON.stringify(earlier.result.response), JSON.stringify(response));
    assert.deepEqual(earlier.result.events, first.events);
    assert.deepEqual(earlier.result.streams, first.streams);
    assert.deepEqual(await store.idempotentResult({ key, contentHash: "other" }), {
      status: "conflict",
    });
    assert.equal(
      await store.idempotentResult({ key: `${key}-unknown`, contentHash: "c0ffee" }),
      null,
    );
    // Without a response, none is answered.
    const bare = { key: crypto.randomUUID(), contentHash: "c0ffee" };
    await store.append({ stream: "t", expectedVersion: 0, events: [testEvent("a")] }, {
      idempotency: bare,
    });
    const repeated = await store.idempotentResult(bare);
    assert.equal(repeated?.status, "duplicate");
    assert.equal(repeated?.status === "duplicate" && repeated.result.response, undefined);
  });

  test("append() with a key and no events keeps the key and its response", async (store) => {
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
    const idempotency = { key: crypto.randomUUID(), contentHash: "noop", response: { v: 1 } };
    const first = await store.append({ stream: "s", expectedVersion: 1, events: [] }, {
      idempotency,
    });
    assert.deepEqual(first, {
      events: [],
      position: 0,
      streams: [{ stream: "s", version: 1 }],
      duplicate: false,
      response: { v: 1 },
    });
    await store.append({ stream: "s", expectedVersion: 1, events: [testEvent("b")] });
    // The stream moved on: the repeat still answers what the first one kept.
    const again = await store.append({ stream: "s", expectedVersion: 1, events: [] }, {
      idempotency,
    });
    assert.deepEqual(again, { ...first, duplicate: true });
    assert.deepEqual(await store.idempotentResult(idempotency), {
      status: "duplicate",
      result: { ...first, duplicate: true },
    });
    await assert.rejects(
      store.append({ stream: "s", expectedVersion: 1, events: [] }, {
        idempotency: { ...idempotency, contentHash: "other" },
      }),
      IdempotencyConflictError,
    );
  });

  test("append() treats keys that differ in any character as unrelated", async (store) => {
    // What a caller scoping keys per user relies on: `a:k` never answers for `b:k`.
    for (const key of ["user-a:k", "user-b:k", "user-b:K", "user-b:k "]) {
      const r = await store.append(
        { stream: "s", expectedVersion: "any", events: [testEvent("a", { key })] },
        { idempotency: { key, contentHash: "same", response: { key } } },
      );
      assert.equal(r.duplicate, false, key);
      assert.deepEqual(r.response, { key });
    }
    assert.equal(await store.streamVersion("s"), 4);
  });

  test("append() rejects an event id that is already stored", async (store) => {
    const event = testEvent("a");
    await store.append({ stream: "s", expectedVersion: "any", events: [event] });
    await assert.rejects(
      store.append({ stream: "t", expectedVersion: "any", events: [event] }),
      DuplicateEventError,
    );
    assert.equal(await store.streamVersion("t"), 0);
  });

  test("append() of no events checks the expected version only", async (store) => {
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
    const ok = await store.append({ stream: "s", expectedVersion: 1, events: [] });
    assert.deepEqual(ok.events, []);
    assert.deepEqual(ok.streams, [{ stream: "s", version: 1 }]);
    await assert.rejects(
      store.append({ stream: "s", expectedVersion: 0, events: [] }),
      VersionConflictError,
    );
  });

  test("append() chains hashes per stream across appends", async (store) => {
    for (let i = 0; i < 4; i++) {
      await store.append([
        { stream: "x", expectedVersion: i * 2, events: [testEvent("a", { i }), testEvent("b")] },
        { stream: "y", expectedVersion: "any", events: [testEvent("c", [i])] },
      ]);
    }
    const x = await store.readStream("x");
    const y = await store.readStream("y");
    assert.equal(x.length, 8);
    assert.equal(y.length, 4);
    assert.equal(x[0].prevHash, null);
    await assertChain(x);
    await assertChain(y);
  });

  test("readStream() honours afterVersion, afterPosition, untilPosition and limit", async (store) => {
    for (let i = 0; i < 5; i++) {
      await store.append({ stream: "s", expectedVersion: i, events: [testEvent("e", { i })] });
      await store.append({ stream: "other", expectedVersion: "any", events: [testEvent("o")] });
    }
    const all = await store.readStream("s");
    assert.deepEqual(all.map((e) => e.version), [1, 2, 3, 4, 5]);
    assert.deepEqual((await store.readStream("s", { afterVersion: 3 })).map((e) => e.version), [
      4,
      5,
    ]);
    assert.deepEqual((await store.readStream("s", { limit: 2 })).map((e) => e.version), [1, 2]);
    assert.deepEqual(
      (await store.readStream("s", { afterVersion: 1, limit: 2 })).map((e) => e.version),
      [2, 3],
    );
    const until = await store.readStream("s", { untilPosition: all[2].position });
    assert.deepEqual(until.map((e) => e.version), [1, 2, 3]);
    assert.deepEqual(await store.readStream("s", { untilPosition: all[0].position - 1 }), []);
    const afterPosition = await store.readStream("s", { afterPosition: all[1].position, limit: 2 });
    assert.deepEqual(afterPosition.map((e) => e.version), [3, 4]);
    assert.deepEqual(await store.readStream("s", { afterPosition: all[4].position }), []);
    assert.deepEqual(await store.readStream("missing"), []);
  });

  test("streamVersion() is 0 for a missing stream and the last version otherwise", async (store) => {
    assert.equal(await store.streamVersion("s"), 0);
    await store.append({
      stream: "s",
      expectedVersion: 0,
      events: [testEvent("a"), testEvent("b")],
    });
    assert.equal(await store.streamVersion("s"), 2);
  });

  test("readAll() pages through every event once, in order", async (store) => {
    const empty = await store.readAll({ after: null, limit: 10 });
    assert.deepEqual(empty, { events: [], cursor: null });
    const appended: StoredEvent[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await store.append([
        { stream: `group-${i % 3}`, expectedVersion: "any", events: [testEvent("g", { i })] },
        { stream: `user-${i % 2}`, expectedVersion: "any", events: [testEvent("u")] },
      ]);
      appended.push(...r.events);
    }
    await readAtLeast(store, null, appended.length);
    const all = await readEverything(store, 3);
    assert.deepEqual(all.map((e) => e.id), appended.map((e) => e.id));
    for (let i = 1; i < all.length; i++) {
      assert.ok(compareCursors(all[i - 1], all[i]) < 0);
    }
    const page = await store.readAll({ after: null, limit: 4 });
    assert.equal(page.events.length, 4);
    assert.deepEqual(page.cursor, { txId: page.events[3].txId, position: page.events[3].position });
    const next = await store.readAll({ after: page.cursor, limit: 100 });
    assert.deepEqual(next.events.map((e) => e.id), appended.slice(4).map((e) => e.id));
    const end = await store.readAll({ after: next.cursor, limit: 100 });
    assert.deepEqual(end, { events: [], cursor: next.cursor });

    const groups = await store.readAll({ after: null, limit: 100, streamPrefix: "group-" });
    assert.deepEqual(
      groups.events.map((e) => e.id),
      appended.filter((e) => e.stream.startsWith("group-")).map((e) => e.id),
    );
  });

  test("readAll() continues from a cursor after later appends", async (store) => {
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
    const first = await readAtLeast(store, null, 1);
    assert.equal(first.events.length, 1);
    await store.append({ stream: "s", expectedVersion: 1, events: [testEvent("b")] });
    await store.append({ stream: "t", expectedVersion: 0, events: [testEvent("c")] });
    const second = await readAtLeast(store, first.cursor, 2);
    assert.deepEqual(second.events.map((e) => e.type), ["b", "c"]);
  });

  test("cursorOf() gives the cursor of an event, null for an unknown position", async (store) => {
    const r = await store.append({
      stream: "s",
      expectedVersion: 0,
      events: [testEvent("a"), testEvent("b")],
    });
    const cursor = await store.cursorOf(r.events[1].position);
    assert.deepEqual(cursor, { txId: r.events[1].txId, position: r.events[1].position });
    assert.equal(await store.cursorOf(r.position + 1000), null);
    const page = await readAtLeast(store, null, 2);
    assert.deepEqual(page.cursor, cursor);
  });

  test("headPosition() is 0 when empty and the last position after appends", async (store) => {
    assert.equal(await store.headPosition(), 0);
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
    const r = await store.append({ stream: "t", expectedVersion: 0, events: [testEvent("b")] });
    assert.equal(await store.headPosition(), r.position);
  });

  test("streams() pages through stream names in order, with a prefix", async (store) => {
    assert.deepEqual(await store.streams({ after: null, limit: 10 }), []);
    for (const stream of ["group-b", "user-a", "group-a", "group-c"]) {
      await store.append({ stream, expectedVersion: 0, events: [testEvent("x"), testEvent("y")] });
    }
    assert.deepEqual(await store.streams({ after: null, limit: 10 }), [
      "group-a",
      "group-b",
      "group-c",
      "user-a",
    ]);
    assert.deepEqual(await store.streams({ after: "group-a", limit: 2 }), ["group-b", "group-c"]);
    assert.deepEqual(await store.streams({ after: null, limit: 10, prefix: "group-" }), [
      "group-a",
      "group-b",
      "group-c",
    ]);
    assert.deepEqual(await store.streams({ after: "group-c", limit: 10, prefix: "group-" }), []);
    assert.deepEqual(await store.streams({ after: null, limit: 0 }), []);
  });
}
