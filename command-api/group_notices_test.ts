import assert from "node:assert/strict";
import { createInProcessBus, type PubSub } from "@kopek/platform";
import {
  createGroupNotices,
  decodeNotices,
  encodeNotices,
  GROUP_APPENDED_CHANNEL,
  MAX_NOTICE_ENTRIES,
} from "./group_notices.ts";

const G1 = "0190c5a0-0000-7000-8000-000000000001";
const G2 = "0190c5a0-0000-7000-8000-000000000002";

/** A bus whose publishes are recorded, and held until released. */
function heldBus() {
  const published: string[] = [];
  const gates: PromiseWithResolvers<void>[] = [];
  const bus: PubSub = {
    publish(_channel, message) {
      published.push(message);
      const gate = Promise.withResolvers<void>();
      gates.push(gate);
      return gate.promise;
    },
    subscribe: () => Promise.resolve(() => Promise.resolve()),
  };
  const release = () => {
    for (const gate of gates.splice(0)) gate.resolve();
  };
  return { bus, published, release };
}

Deno.test("encodeNotices()/decodeNotices(): round trip; own, oversized and malformed entries read as none", () => {
  const message = encodeNotices("p1", new Map([[G1, 3], [G2, 7]]));
  assert.deepEqual(decodeNotices(message, "p2"), [[G1, 3], [G2, 7]]);
  assert.deepEqual(decodeNotices(message, "p1"), []);
  assert.deepEqual(decodeNotices(`p1 ${G1}:x ${G2}:0 :4 a:b:5 ${G1}:2.5 ${G2}:9`, "p2"), [[G2, 9]]);
  assert.deepEqual(decodeNotices("p1 " + "x".repeat(100_000) + ":1", "p2"), []);
  assert.deepEqual(decodeNotices(`p1!? ${G1}:3`, "p2"), []);
  // At most MAX_NOTICE_ENTRIES entries are read from one message.
  const many = new Map(Array.from({ length: MAX_NOTICE_ENTRIES + 5 }, (_, i) => [`g${i}`, 1]));
  assert.equal(decodeNotices(encodeNotices("p1", many), "p2").length, MAX_NOTICE_ENTRIES);
});

Deno.test("createGroupNotices(): another process hears an append; the announcing one does not hear itself", async () => {
  const bus = createInProcessBus();
  const a = createGroupNotices(bus);
  const b = createGroupNotices(bus);
  const heardA: [string, number][] = [];
  const heardB: [string, number][] = [];
  const stopA = await a.follow((g, v) => heardA.push([g, v]));
  const heard = Promise.withResolvers<void>();
  const stopB = await b.follow((g, v) => {
    heardB.push([g, v]);
    heard.resolve();
  });
  a.announce(G1, 4);
  await heard.promise;
  await a.settled();
  assert.deepEqual(heardB, [[G1, 4]]);
  assert.deepEqual(heardA, []);
  await stopA();
  await stopB();
  await bus.close();
});

Deno.test("createGroupNotices(): one publish in flight; what is announced meanwhile goes in the next, one entry per group at its highest version", async () => {
  const { bus, published, release } = heldBus();
  const notices = createGroupNotices(bus, { origin: "p" });
  notices.announce(G1, 2);
  notices.announce(G1, 3); // same tick: coalesced
  await Promise.resolve();
  await Promise.resolve();
  assert.deepEqual(published, [`p ${G1}:3`]);
  notices.announce(G2, 5);
  notices.announce(G1, 9);
  notices.announce(G1, 8); // an older version does not lower it
  assert.equal(published.length, 1); // still in flight
  release();
  await new Promise<void>((r) => queueMicrotask(r));
  await new Promise<void>((r) => setTimeout(r, 0));
  assert.deepEqual(published, [`p ${G1}:3`, `p ${G2}:5 ${G1}:9`]);
  release();
  await notices.settled();
  assert.equal(published.length, 2);
});

Deno.test("createGroupNotices(): at most MAX_NOTICE_ENTRIES groups wait; a failed publish is reported, never thrown", async () => {
  const { bus, published, release } = heldBus();
  let dropped = 0;
  const problems: unknown[] = [];
  const failing: PubSub = {
    ...bus,
    publish: (channel, message) =>
      published.length === 0
        ? bus.publish(channel, message)
        : Promise.reject(new Error(`down: ${message.length}`)),
  };
  const notices = createGroupNotices(failing, {
    origin: "p",
    onDropped: (n) => dropped += n,
    onProblem: (err) => problems.push(err),
  });
  notices.announce(G1, 1);
  await new Promise<void>((r) => setTimeout(r, 0));
  for (let i = 0; i < MAX_NOTICE_ENTRIES + 3; i++) notices.announce(`g${i}`, 1);
  assert.equal(dropped, 3);
  release();
  await notices.settled();
  assert.equal(problems.length, 1);
  assert.equal(published.length, 1);
  assert.equal(GROUP_APPENDED_CHANNEL, "kopek:groups:appended");
});
