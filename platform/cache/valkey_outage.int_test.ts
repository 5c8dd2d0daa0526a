import assert from "node:assert/strict";
import { createLogger } from "../logger.ts";
import { testValkeyUrl } from "./_testing.ts";
import { startTcpProxy, type TcpProxy } from "../testing/tcp_proxy.ts";
import type { KeyValueBus } from "./port.ts";
import { createValkeyBus } from "./valkey.ts";

// Valkey is shared by the whole machine, so outages are made by a proxy in
// front of it rather than by stopping it.
function proxiedValkey(): { proxy: TcpProxy; url: string } {
  const target = new URL(testValkeyUrl());
  const proxy = startTcpProxy({
    hostname: target.hostname,
    port: Number(target.port || "6379"),
  });
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  return { proxy, url: url.toString() };
}

function openBus(url: string, connectTimeoutMs = 2000): Promise<KeyValueBus> {
  return createValkeyBus(url, {
    logger: createLogger({ level: "silent" }),
    prefix: `kopek-test:${crypto.randomUUID()}:`,
    commandTimeoutMs: 300,
    connectTimeoutMs,
    maxBackoffMs: 200,
  });
}

async function eventually(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Runs `call` and asserts it settles within `ms`. */
async function quickly<T>(ms: number, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await call();
  const took = performance.now() - started;
  assert.ok(took < ms, `took ${Math.round(took)} ms, more than ${ms}`);
  return result;
}

Deno.test("createValkeyBus() misses, drops writes and reports degraded while Valkey is unreachable, then recovers", async () => {
  const { proxy, url } = proxiedValkey();
  await using _proxy = proxy;
  const bus = await openBus(url);
  try {
    const early: string[] = [];
    await bus.subscribe("positions", (m) => void early.push(m));
    await bus.publish("positions", "1");
    await eventually(() => early.length === 1, "the first message");
    await bus.set("kept", "v", 60_000);
    await bus.set("invalidated", "old", 60_000);

    await proxy.cut();
    // No wait: the first calls race ioredis noticing the outage.
    assert.equal(await quickly(1000, () => bus.get("kept")), null);
    await quickly(1000, () => bus.delete("invalidated"));
    await quickly(1000, () => bus.set("during", "x", 60_000));
    await quickly(1000, () => bus.publish("positions", "lost"));
    assert.equal(await quickly(1000, () => bus.incrementWindow("w", 60_000)), null);
    const late: string[] = [];
    await quickly(1000, () => bus.subscribe("positions", (m) => void late.push(m)));
    await quickly(1000, () => bus.subscribe("other", (m) => void late.push(`other:${m}`)));
    const health = await quickly(1000, () => bus.health());
    assert.equal(health.ok, false);
    assert.match(health.detail ?? "", /^valkey (commands|subscriptions) connection is /);
    assert.equal(await quickly(1000, () => bus.get("kept")), null);

    proxy.restore();
    await eventually(async () => (await bus.health()).ok, "health() to recover");
    assert.equal(await bus.get("kept"), "v", "what Valkey kept is a hit again");
    assert.equal(
      await bus.get("invalidated"),
      null,
      "the delete made during the outage was replayed",
    );
    assert.equal(await bus.get("during"), null, "a write during the outage was dropped");
    assert.equal(await bus.incrementWindow("w", 60_000), 1);
    await bus.publish("positions", "2");
    await bus.publish("other", "3");
    await eventually(() => early.length === 2 && late.length === 2, "messages after recovery");
    assert.deepEqual(early, ["1", "2"], "the subscription made before the outage was restored");
    assert.deepEqual(late, ["2", "other:3"], "subscriptions made during the outage took effect");
  } finally {
    await bus.close();
  }
});

Deno.test("createValkeyBus() starts degraded when Valkey is unreachable and connects when it is back", async () => {
  const { proxy, url } = proxiedValkey();
  await using _proxy = proxy;
  await proxy.cut();
  const bus = await quickly(2000, () => openBus(url, 300));
  try {
    assert.equal((await bus.health()).ok, false);
    assert.equal(await bus.get("k"), null);
    const received: string[] = [];
    await bus.subscribe("c", (m) => void received.push(m));

    proxy.restore();
    await eventually(async () => (await bus.health()).ok, "health() to recover");
    await bus.set("k", "v", 60_000);
    assert.equal(await bus.get("k"), "v");
    await bus.publish("c", "hello");
    await eventually(() => received.length === 1, "the message");
    assert.deepEqual(received, ["hello"]);
  } finally {
    await bus.close();
  }
});

Deno.test("createValkeyBus() misses within its command timeout when Valkey stops answering", async () => {
  const { proxy, url } = proxiedValkey();
  await using _proxy = proxy;
  const bus = await openBus(url);
  try {
    await bus.set("a", "A", 60_000);
    await bus.set("b", "B", 60_000);

    proxy.pause();
    assert.equal(await quickly(1000, () => bus.get("a")), null);
    await quickly(1000, () => bus.set("c", "C", 60_000));
    const health = await quickly(1000, () => bus.health());
    assert.equal(health.ok, false);
    assert.match(health.detail ?? "", /timed out/i);

    proxy.resume();
    await eventually(async () => (await bus.health()).ok, "health() to recover");
    // Late replies to the timed-out calls must not be taken for new ones.
    assert.deepEqual([await bus.get("b"), await bus.get("a")], ["B", "A"]);
  } finally {
    await bus.close();
  }
});
