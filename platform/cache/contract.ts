/**
 * The contract every adapter of the cache and pub/sub port passes: one suite,
 * registered as Deno tests by each adapter's test file.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KeyValueBus } from "./port.ts";

/** A fresh bus for one test, with the way to let time pass for it. */
export interface BusUnderTest {
  readonly bus: KeyValueBus;
  /** Lets `ms` milliseconds pass: a sleep for a real server, a tick of a fake clock otherwise. */
  advance(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

function collector() {
  const messages: string[] = [];
  return {
    messages,
    handler: (message: string) => void messages.push(message),
    received: (count: number) => waitFor(() => messages.length >= count, `${count} messages`),
  };
}

/** Registers one contract test, run on a fresh bus that is closed after it. */
type BusTest = (behaviour: string, body: (t: BusUnderTest) => Promise<void>) => void;

/**
 * Registers the contract's tests for one adapter. `name` starts every test's
 * name (`"createValkeyBus()"`); `makeBus` is called once per test and the bus
 * is closed after it. TTLs and windows are a few hundred milliseconds, so a
 * real server's clock can run the suite too.
 *
 * @example
 * ```ts
 * busContract("createInProcessBus()", () => {
 *   let now = 0;
 *   return { bus: createInProcessBus({ now: () => now }), advance: async (ms) => void (now += ms) };
 * });
 * ```
 */
export function busContract(
  name: string,
  makeBus: () => BusUnderTest | Promise<BusUnderTest>,
): void {
  const test = (behaviour: string, body: (t: BusUnderTest) => Promise<void>) =>
    Deno.test(`${name} ${behaviour}`, async () => {
      const underTest = await makeBus();
      try {
        await body(underTest);
      } finally {
        await underTest.bus.close();
      }
    });

  cacheCases(test);
  pubSubCases(test);
  counterAndLifecycleCases(test);
}

/** The cache: get, set with a TTL, delete. */
function cacheCases(test: BusTest): void {
  test("get() answers null for a key never set", async ({ bus }) => {
    assert.equal(await bus.get("missing"), null);
  });

  test("set() stores a value that get() answers, replacing the previous one", async ({ bus }) => {
    await bus.set("a", "first", 60_000);
    assert.equal(await bus.get("a"), "first");
    await bus.set("a", "second", 60_000);
    assert.equal(await bus.get("a"), "second");
    await bus.set("empty", "", 60_000);
    assert.equal(await bus.get("empty"), "", "the empty string is a value, not a miss");
    const text = '{"amount":"12.50","note":"Café ☕ 𝄞 \\u0000"}\n';
    await bus.set("text:ü", text, 60_000);
    assert.equal(await bus.get("text:ü"), text);
    assert.equal(await bus.get("a:"), null, "keys are compared whole");
  });

  test("set() entries expire after their ttl, which a new set() replaces", async (t) => {
    await t.bus.set("short", "v", 250);
    await t.bus.set("renewed", "v1", 250);
    assert.equal(await t.bus.get("short"), "v");
    await t.bus.set("renewed", "v2", 60_000);
    await t.advance(400);
    assert.equal(await t.bus.get("short"), null);
    assert.equal(await t.bus.get("renewed"), "v2");
  });

  test("set() and incrementWindow() reject a duration that is not positive", async ({ bus }) => {
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(() => bus.set("k", "v", ms), RangeError);
      await assert.rejects(() => bus.incrementWindow("k", ms), RangeError);
    }
    assert.equal(await bus.get("k"), null);
  });

  test("delete() removes every key given and ignores missing ones", async ({ bus }) => {
    await bus.set("d1", "1", 60_000);
    await bus.set("d2", "2", 60_000);
    await bus.set("d3", "3", 60_000);
    await bus.delete("d1", "d2", "never-set");
    await bus.delete();
    assert.deepEqual(
      [await bus.get("d1"), await bus.get("d2"), await bus.get("d3")],
      [null, null, "3"],
    );
  });
}

/** Pub/sub: delivery, channels, order, unsubscribing, a throwing subscriber. */
function pubSubCases(test: BusTest): void {
  test("publish() delivers a message to a subscriber", async ({ bus }) => {
    const c = collector();
    const stop = await bus.subscribe("positions", c.handler);
    await bus.publish("positions", "42");
    await c.received(1);
    assert.deepEqual(c.messages, ["42"]);
    await stop();
  });

  test("publish() delivers to every subscriber of the channel", async ({ bus }) => {
    const a = collector();
    const b = collector();
    await bus.subscribe("fan", a.handler);
    await bus.subscribe("fan", b.handler);
    await bus.subscribe("fan", b.handler);
    await bus.publish("fan", "m");
    await a.received(1);
    await b.received(2);
    assert.deepEqual(a.messages, ["m"]);
    assert.deepEqual(b.messages, ["m", "m"], "each subscribe() is its own subscription");
  });

  test("publish() does not deliver messages of other channels", async ({ bus }) => {
    const c = collector();
    await bus.subscribe("groups:1", c.handler);
    await bus.publish("groups:2", "other");
    await bus.publish("groups:1:x", "longer");
    await bus.publish("groups:", "shorter");
    await bus.publish("groups:1", "mine");
    await c.received(1);
    await bus.publish("groups:1", "end");
    await c.received(2);
    assert.deepEqual(c.messages, ["mine", "end"]);
  });

  test("publish() with no subscriber is harmless", async ({ bus }) => {
    await bus.publish("nobody", "x");
    const c = collector();
    await bus.subscribe("nobody", c.handler);
    await bus.publish("nobody", "y");
    await c.received(1);
    assert.deepEqual(c.messages, ["y"], "a message is not kept for later subscribers");
  });

  test("publish() answers how many subscribers received it: none, then one", async ({ bus }) => {
    assert.equal(await bus.publish("counted", "x"), 0);
    const c = collector();
    const stop = await bus.subscribe("counted", c.handler);
    assert.equal(await bus.publish("counted", "y"), 1);
    await c.received(1);
    await stop();
    assert.equal(await bus.publish("counted", "z"), 0);
  });

  test("publish() keeps one publisher's order on a channel", async ({ bus }) => {
    const c = collector();
    await bus.subscribe("ordered", c.handler);
    const sent = Array.from({ length: 300 }, (_, i) => String(i));
    // Not awaited one by one: order must follow the calls, not the replies.
    await Promise.all(sent.map((m) => bus.publish("ordered", m)));
    await c.received(sent.length);
    assert.deepEqual(c.messages, sent);
  });

  test("subscribe() returns an unsubscribe that stops only that subscription", async ({ bus }) => {
    const gone = collector();
    const kept = collector();
    const stop = await bus.subscribe("u", gone.handler);
    await bus.subscribe("u", kept.handler);
    await bus.publish("u", "1");
    await gone.received(1);
    await kept.received(1);
    await stop();
    await stop();
    await bus.publish("u", "2");
    await kept.received(2);
    assert.deepEqual(gone.messages, ["1"]);
    assert.deepEqual(kept.messages, ["1", "2"]);
  });

  test("subscribe() after the last unsubscribe delivers only later messages", async ({ bus }) => {
    const first = collector();
    const stop = await bus.subscribe("again", first.handler);
    await stop();
    await bus.publish("again", "lost");
    const second = collector();
    await bus.subscribe("again", second.handler);
    await bus.publish("again", "seen");
    await second.received(1);
    assert.deepEqual(first.messages, []);
    assert.deepEqual(second.messages, ["seen"]);
  });

  test("subscribe() keeps delivering to others when one subscriber throws", async ({ bus }) => {
    const c = collector();
    await bus.subscribe("faulty", () => {
      throw new Error("subscriber bug");
    });
    await bus.subscribe("faulty", c.handler);
    await bus.publish("faulty", "1");
    await bus.publish("faulty", "2");
    await c.received(2);
    assert.deepEqual(c.messages, ["1", "2"]);
  });
}

/** The window counter, health and close. */
function counterAndLifecycleCases(test: BusTest): void {
  test("incrementWindow() counts within a window and restarts after it", async (t) => {
    assert.equal(await t.bus.incrementWindow("login:ana", 300), 1);
    assert.equal(await t.bus.incrementWindow("login:ana", 300), 2);
    assert.equal(await t.bus.incrementWindow("login:bob", 300), 1);
    assert.equal(await t.bus.incrementWindow("login:ana", 300), 3);
    await t.advance(450);
    assert.equal(await t.bus.incrementWindow("login:ana", 300), 1);
  });

  test("health() is ok while open; close() is idempotent and ends the bus", async ({ bus }) => {
    assert.deepEqual(await bus.health(), { ok: true });
    const c = collector();
    await bus.subscribe("closing", c.handler);
    await bus.set("k", "v", 60_000);
    await bus.close();
    await bus.close();
    assert.equal((await bus.health()).ok, false);
    assert.equal(await bus.get("k"), null);
    await bus.set("k", "v", 60_000);
    await bus.delete("k");
    await bus.publish("closing", "late");
    assert.equal(await bus.incrementWindow("w", 1000), null);
    const stop = await bus.subscribe("closing", c.handler);
    await stop();
    await sleep(20);
    assert.deepEqual(c.messages, []);
  });
}
