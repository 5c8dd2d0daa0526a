/**
 * The contract every {@linkcode BotStore} adapter passes; adapter tests call
 * {@linkcode storeContract} with a factory.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { BotStore } from "./store.ts";

/** Registers the contract's tests for one adapter; `make` answers a fresh, empty store. */
export function storeContract(name: string, make: () => Promise<BotStore> | BotStore) {
  const test = (what: string, fn: (store: BotStore) => Promise<void>) =>
    Deno.test(`${name}: ${what}`, async () => {
      const store = await make();
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    });

  test("read() answers what write() stored, as a copy", async (store) => {
    assert.equal(await store.read("absent"), undefined);
    const value = { groupId: "g1", stack: [{ id: "e1", version: 1 }], n: 3, ok: true };
    await store.write("chat:1", value);
    const read = await store.read<typeof value>("chat:1");
    assert.deepEqual(read, value);
    read!.stack.push({ id: "e2", version: 1 });
    assert.deepEqual(await store.read("chat:1"), value);
  });

  test("write() replaces and delete() removes", async (store) => {
    await store.write("k", "one");
    await store.write("k", "two");
    assert.equal(await store.read("k"), "two");
    await store.delete("k");
    assert.equal(await store.read("k"), undefined);
    await store.delete("k");
  });

  test("a value written with a time to live is gone after it", async (store) => {
    await store.write("short", 1, 1);
    await store.write("long", 2, 60);
    assert.equal(await store.read("short"), 1);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(await store.read("short"), undefined);
    assert.equal(await store.read("long"), 2);
  });

  test("push() keeps one item per id, newest last, at most max; pull() removes by id", async (store) => {
    assert.deepEqual(await store.list("l"), []);
    await store.push("l", { id: "a", n: 1 }, 3);
    await store.push("l", { id: "b", n: 1 }, 3);
    await store.push("l", { id: "a", n: 2 }, 3);
    assert.deepEqual(await store.list("l"), [{ id: "b", n: 1 }, { id: "a", n: 2 }]);
    await store.push("l", { id: "c" }, 3);
    await store.push("l", { id: "d" }, 3);
    assert.deepEqual((await store.list<{ id: string }>("l")).map((x) => x.id), ["a", "c", "d"]);
    await store.pull("l", "c");
    await store.pull("l", "nothing");
    assert.deepEqual((await store.list<{ id: string }>("l")).map((x) => x.id), ["a", "d"]);
    await store.pull("l", "a");
    await store.pull("l", "d");
    assert.deepEqual(await store.list("l"), []);
    await store.pull("absent", "a");
  });

  test("concurrent push() and merge() lose nothing", async (store) => {
    const ids = Array.from({ length: 15 }, (_, i) => `i${i}`);
    await Promise.all(ids.map((id) => store.push("l", { id }, 50)));
    assert.deepEqual((await store.list<{ id: string }>("l")).map((x) => x.id).sort(), ids.sort());
    await Promise.all(ids.map((id, i) => store.merge("f", { [id]: i })));
    assert.equal(Object.keys(await store.fields("f")).length, ids.length);
  });

  test("merge() sets some fields and keeps the others", async (store) => {
    assert.deepEqual(await store.fields("f"), {});
    await store.merge("f", { lang: "es" });
    await store.merge("f", { muted: true, skipped: undefined });
    await store.merge("f", { lang: "de" });
    assert.deepEqual(await store.fields("f"), { lang: "de", muted: true });
  });

  test("raise() never lowers the number", async (store) => {
    await store.raise("n", 5);
    await store.raise("n", 3);
    assert.equal(await store.read("n"), 5);
    await store.raise("n", 9);
    assert.equal(await store.read("n"), 9);
  });

  test("count() counts up atomically, and the window it started ends on time", async (store) => {
    const counts = await Promise.all(Array.from({ length: 10 }, () => store.count("c", 800)));
    assert.deepEqual(counts.sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(await store.count("other", 800), 1);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await store.count("c", 800), 1);
  });

  test("each kind of key expires after its time to live; a read with one renews it", async (store) => {
    await store.write("v", 1, 1);
    await store.push("l", { id: "a" }, 5, 1);
    await store.merge("f", { a: 1 }, 1);
    await store.raise("n", 1, 1);
    await store.write("renewed", 1, 1);
    await store.write("kept", 1, 1);
    await store.push("kept-list", { id: "a" }, 5, 1);
    await store.merge("kept-fields", { a: 1 }, 1);
    await store.read("renewed", 60);
    await store.list("kept-list", 60);
    await store.fields("kept-fields", 60);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(await store.read("v"), undefined);
    assert.deepEqual(await store.list("l"), []);
    assert.deepEqual(await store.fields("f"), {});
    assert.equal(await store.read("n"), undefined);
    assert.equal(await store.read("kept"), undefined);
    assert.equal(await store.read("renewed"), 1);
    assert.deepEqual(await store.list("kept-list"), [{ id: "a" }]);
    assert.deepEqual(await store.fields("kept-fields"), { a: 1 });
  });
}
