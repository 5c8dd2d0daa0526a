import assert from "node:assert/strict";
import { createInProcessBus } from "./in_process.ts";
import type { PubSub } from "./port.ts";
import {
  createGroupNotices,
  decodeNotices,
  encodeNotices,
  GROUP_APPENDED_CHANNEL,
  MAX_NOTICE_ENTRIES,
  PROBE_MS,
} from "./group_notices.ts";

const G1 = "0190c5a0-0000-7000-8000-000000000001";
const G2 = "0190c5a0-0000-7000-8000-000000000002";

/** A bus whose publishes are recorded, and held until released (answering "not known"). */
function heldBus() {
  const published: string[] = [];
  const gates: PromiseWithResolvers<number | null>[] = [];
  const bus: PubSub = {
    publish(_channel, message) {
      published.push(message);
      const gate = Promise.withResolvers<number | null>();
      gates.push(gate);
      return gate.promise;
    },
    subscribe: () => Promise.resolve(() => Promise.resolve()),
  };
  const release = () => {
    for (const gate of gates.splice(0)) gate.resolve(null);
  };
  return { bus, published, release };
}

/** The in-process bus, its publishes on the notices' channel recorded as they pass. */
function recordedBus() {
  const inner = createInProcessBus();
  const published: string[] = [];
  const bus: PubSub = {
    publish(channel, message) {
      if (channel === GROUP_APPENDED_CHANNEL) published.push(message);
      return inner.publish(channel, message);
    },
    subscribe: (channel, onMessage) => inner.subscribe(channel, onMessage),
  };
  return { bus, published, close: () => inner.close() };
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

Deno.test("createGroupNotices(): a lone follower goes quiet after a publish nobody else heard; a second follower is heard from after PROBE_MS", async () => {
  const { bus, published, close } = recordedBus();
  let t = 0;
  const a = createGroupNotices(bus, { origin: "a", now: () => t });
  const b = createGroupNotices(bus, { origin: "b", now: () => t });
  const stopA = await a.follow(() => {});
  a.announce(G1, 1);
  await a.settled();
  assert.deepEqual(published, [`a ${G1}:1`]); // answered 1: only a's own subscription
  a.announce(G1, 2);
  t += PROBE_MS - 1;
  a.announce(G1, 3);
  await a.settled();
  assert.deepEqual(published, [`a ${G1}:1`], "quiet: nothing published");
  const heardB: [string, number][] = [];
  const stopB = await b.follow((g, v) => heardB.push([g, v]));
  t += 1;
  a.announce(G1, 4); // the probe: b listens now
  await a.settled();
  a.announce(G2, 5); // and a is no longer quiet
  await a.settled();
  await Promise.resolve();
  assert.deepEqual(published, [`a ${G1}:1`, `a ${G1}:4`, `a ${G2}:5`]);
  assert.deepEqual(heardB, [[G1, 4], [G2, 5]]);
  await stopB();
  await stopB(); // twice is harmless, and counts once
  a.announce(G1, 6);
  await a.settled();
  a.announce(G1, 7);
  await a.settled();
  assert.deepEqual(published.slice(3), [`a ${G1}:6`], "alone again: quiet after one publish");
  await stopA();
  await close();
});

Deno.test("createGroupNotices(): a writer that does not follow (scheduler, imports) publishes while a command process follows, and is quiet while none does", async () => {
  const { bus, published, close } = recordedBus();
  let t = 0;
  const writer = createGroupNotices(bus, { origin: "w", now: () => t });
  writer.announce(G1, 1);
  await writer.settled();
  writer.announce(G1, 2);
  await writer.settled();
  assert.deepEqual(published, [`w ${G1}:1`], "nobody listens: quiet after one publish");
  const heard: [string, number][] = [];
  const stop = await createGroupNotices(bus, { origin: "c" }).follow((g, v) => heard.push([g, v]));
  t += PROBE_MS;
  writer.announce(G1, 3);
  await writer.settled();
  writer.announce(G1, 4);
  await writer.settled();
  await Promise.resolve();
  assert.deepEqual(published.slice(1), [`w ${G1}:3`, `w ${G1}:4`]);
  assert.deepEqual(heard, [[G1, 3], [G1, 4]]);
  await stop();
  await close();
});

Deno.test("createGroupNotices(): a bus that does not know how many heard (Valkey unreachable) is published to every time", async () => {
  const { bus, published, release } = heldBus();
  const notices = createGroupNotices(bus, { origin: "p", now: () => 0 });
  await notices.follow(() => {});
  for (const v of [1, 2, 3]) {
    notices.announce(G1, v);
    await new Promise<void>((r) => setTimeout(r, 0));
    release();
    await notices.settled();
  }
  assert.deepEqual(published, [`p ${G1}:1`, `p ${G1}:2`, `p ${G1}:3`]);
});
