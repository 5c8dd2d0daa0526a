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
}
