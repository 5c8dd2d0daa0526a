/**
 * The event store contract's cases on reading: a stream, the whole log with
 * cursors, positions and stream names.
 *
 * @module
 */
import assert from "node:assert/strict";
import { compareCursors, type StoredEvent } from "../port.ts";
import { type ContractTest, readAtLeast, readEverything, testEvent } from "./_helpers.ts";

/** Registers the read and cursor cases. */
export function readCases(test: ContractTest): void {
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
