import assert from "node:assert/strict";
import {
  createGroupNotices,
  createInProcessBus,
  type GroupNotices,
  PROBE_MS,
} from "@kopek/platform";
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

Deno.test("group notices (ADR 0075) reach the main isolate and the other workers over their ports", async () => {
  const inner = createInProcessBus();
  const channels = [new MessageChannel(), new MessageChannel()];
  const unserve = channels.map((c) => serveBus(inner, c.port1));
  const workers = channels.map((c) => busOverPort(c.port2));
  for (const c of channels) c.port1.start(), c.port2.start();
  const [main, one, two] = [inner, ...workers].map((bus) => createGroupNotices(bus));
  const heard = (notices: GroupNotices) => {
    const got = Promise.withResolvers<[string, number]>();
    return { stop: notices.follow((g, v) => got.resolve([g, v])), got: got.promise };
  };
  const atMain = heard(main);
  const atTwo = heard(two);
  const atOne: [string, number][] = [];
  const heardTwo = Promise.withResolvers<void>();
  const stopOne = await one.follow((g, v) => {
    atOne.push([g, v]);
    if (g === "group-2") heardTwo.resolve();
  });
  await Promise.all([atMain.stop, atTwo.stop]);
  one.announce("group-1", 7);
  assert.deepEqual(await atMain.got, ["group-1", 7]);
  assert.deepEqual(await atTwo.got, ["group-1", 7]);
  // Worker one hears worker two's notice, and not its own (which the main isolate sent it first).
  two.announce("group-2", 1);
  await heardTwo.promise;
  assert.deepEqual(atOne, [["group-2", 1]]);
  await Promise.all([one.settled(), two.settled()]);
  await stopOne();
  for (const stop of [atMain.stop, atTwo.stop]) await (await stop)();
  for (const w of workers) await w.close();
  for (const u of unserve) await u();
  await inner.close();
  for (const c of channels) c.port1.close(), c.port2.close();
});

Deno.test("group notices over the ports: the main isolate alone is quiet; once a worker follows, the main isolate's next probe reaches it, and the worker's own notices are announced", async () => {
  const inner = createInProcessBus();
  const published: string[] = [];
  const counted = { ...inner };
  counted.publish = (
    channel,
    message,
  ) => (published.push(message), inner.publish(channel, message));
  const channel = new MessageChannel();
  const unserve = serveBus(counted, channel.port1);
  const workerBus = busOverPort(channel.port2);
  channel.port1.start(), channel.port2.start();
  let t = 0;
  const main = createGroupNotices(counted, { origin: "main", now: () => t });
  const worker = createGroupNotices(workerBus, { origin: "worker", now: () => t });
  const atMain: [string, number][] = [];
  const stopMain = await main.follow((g, v) => atMain.push([g, v]));
  main.announce("group-1", 1);
  await main.settled();
  main.announce("group-1", 2); // answered 1, the main isolate's own subscription: quiet
  await main.settled();
  assert.deepEqual(published, ["main group-1:1"]);
  const atWorker = Promise.withResolvers<[string, number]>();
  const stopWorker = await worker.follow((g, v) => atWorker.resolve([g, v]));
  t += PROBE_MS;
  main.announce("group-1", 3);
  assert.deepEqual(await atWorker.promise, ["group-1", 3]);
  const heardWorker = Promise.withResolvers<void>();
  const stopHeard = await main.follow(() => heardWorker.resolve()); // the main isolate's second follower
  worker.announce("group-2", 4); // over the port: answered 3 (two at the main isolate, the worker)
  await heardWorker.promise;
  await worker.settled();
  worker.announce("group-2", 5);
  await worker.settled();
  assert.deepEqual(published, [
    "main group-1:1",
    "main group-1:3",
    "worker group-2:4",
    "worker group-2:5",
  ]);
  assert.deepEqual(atMain, [["group-2", 4], ["group-2", 5]]);
  for (const stop of [stopMain, stopWorker, stopHeard]) await stop();
  await workerBus.close();
  await unserve();
  await inner.close();
  channel.port1.close(), channel.port2.close();
});
