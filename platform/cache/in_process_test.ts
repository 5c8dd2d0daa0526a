import assert from "node:assert/strict";
import { busContract } from "./contract.ts";
import { createInProcessBus } from "./in_process.ts";

busContract("createInProcessBus()", () => {
  let now = 0;
  return {
    bus: createInProcessBus({ now: () => now }),
    advance: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
});

Deno.test("createInProcessBus() expires an entry exactly at its ttl", async () => {
  let now = 1_000;
  const bus = createInProcessBus({ now: () => now });
  await bus.set("k", "v", 100);
  now += 99;
  assert.equal(await bus.get("k"), "v");
  now += 1;
  assert.equal(await bus.get("k"), null);
});

Deno.test("createInProcessBus() sweeps expired entries without losing live ones", async () => {
  let now = 0;
  const bus = createInProcessBus({ now: () => now, sweepEvery: 3 });
  await bus.set("old", "1", 10);
  await bus.set("live", "2", 1_000);
  now = 20;
  await bus.set("new", "3", 1_000);
  assert.deepEqual([await bus.get("old"), await bus.get("live"), await bus.get("new")], [
    null,
    "2",
    "3",
  ]);
});

Deno.test("createInProcessBus() does not deliver to a subscriber added after publish()", async () => {
  const bus = createInProcessBus();
  const late: string[] = [];
  await bus.publish("c", "early");
  const published = bus.publish("c", "before-subscribe");
  await bus.subscribe("c", (m) => void late.push(m));
  await published;
  await bus.publish("c", "after");
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(late, ["after"]);
});
