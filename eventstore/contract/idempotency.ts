/**
 * The event store contract's cases on idempotency keys: repeats, conflicts
 * and the answer kept with a key.
 *
 * @module
 */
import assert from "node:assert/strict";
import { IdempotencyConflictError } from "../port.ts";
import { type ContractTest, readAtLeast, testEvent } from "./_helpers.ts";

/** Registers the idempotency cases. */
export function idempotencyCases(test: ContractTest): void {
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
}
