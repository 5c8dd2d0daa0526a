import assert from "node:assert/strict";
import { eventStoreContract, testEvent } from "../contract.ts";
import { createMemoryEventStore } from "./adapter.ts";

eventStoreContract("createMemoryEventStore()", () =>
  Promise.resolve({
    store: createMemoryEventStore(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  }));

Deno.test("createMemoryEventStore() keeps copies: changing what was given or read changes nothing stored", async () => {
  const store = createMemoryEventStore();
  const event = testEvent("a", { n: 1 });
  await store.append({ stream: "s", expectedVersion: 0, events: [event] });
  (event.data as { n: number }).n = 2;
  const [read] = await store.readStream("s");
  (read.data as { n: number }).n = 3;
  assert.deepEqual((await store.readStream("s"))[0].data, { n: 1 });
});

Deno.test("createMemoryEventStore() gives every store its own log", async () => {
  const a = createMemoryEventStore();
  const b = createMemoryEventStore();
  await a.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
  assert.equal(await b.streamVersion("s"), 0);
  assert.equal(await b.headPosition(), 0);
});
