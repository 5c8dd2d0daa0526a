import assert from "node:assert/strict";
import { createInProcessBus } from "@kopek/platform";
import { busContract } from "../platform/cache/contract.ts";
import { busOverPort, serveBus } from "./worker_bus.ts";
import { httpServersFor } from "./http_workers.ts";

// The bus a worker sees over its port passes the same contract as the bus it stands for.
busContract("busOverPort()", () => {
  let now = 0;
  const channel = new MessageChannel();
  const inner = createInProcessBus({ now: () => now });
  const unserve = serveBus(inner, channel.port1);
  const outer = busOverPort(channel.port2);
  channel.port1.start();
  channel.port2.start();
  return {
    bus: {
      ...outer,
      async close() {
        await outer.close();
        await unserve();
        await inner.close();
        channel.port1.close();
        channel.port2.close();
      },
    },
    advance: (ms) => Promise.resolve(void (now += ms)),
  };
});

Deno.test("httpServersFor() takes a number as it is and picks 1 per 2 cores for auto, at most 4", () => {
  assert.equal(httpServersFor(3, 2), 3);
  assert.equal(httpServersFor("auto", undefined), 1);
  assert.equal(httpServersFor("auto", 1), 1);
  assert.equal(httpServersFor("auto", 2), 1);
  assert.equal(httpServersFor("auto", 4), 2);
  assert.equal(httpServersFor("auto", 64), 4);
});
