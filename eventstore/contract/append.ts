/**
 * The event store contract's cases on appending: what is stored, expected
 * versions, several streams at once, event ids.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type AppendRequest, DuplicateEventError, VersionConflictError } from "../port.ts";
import { assertChain, type ContractTest, testEvent } from "./_helpers.ts";

/** Registers the append and expected-version cases. */
export function appendCases(test: ContractTest): void {
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
}
