import assert from "node:assert/strict";
import { Hono } from "hono";
import { testValkeyUrl } from "../cache/_testing.ts";
import type { KeyValueBus } from "../cache/port.ts";
import { createValkeyBus } from "../cache/valkey.ts";
import { createLogger } from "../logger.ts";
import { startTcpProxy, type TcpProxy } from "../testing/tcp_proxy.ts";
import { errorHandler } from "./errors.ts";
import { createRateLimiter, rateLimit, type RateLimiter, type RateRule } from "./rate_limit.ts";

const logger = createLogger({ level: "silent" });

// A clock frozen mid-window: a real window boundary falling during the test
// would otherwise reset the counts. Valkey still expires keys in real time.
function frozenMidWindow(windowMs: number): () => number {
  const t = (Math.floor(Date.now() / windowMs) + 0.5) * windowMs;
  return () => t;
}

function openBus(url: string, prefix: string): Promise<KeyValueBus> {
  return createValkeyBus(url, {
    logger,
    prefix,
    commandTimeoutMs: 300,
    connectTimeoutMs: 2000,
    maxBackoffMs: 200,
  });
}

// Valkey is shared by the whole machine, so outages are made by a proxy in
// front of it rather than by stopping it.
function proxiedValkey(): { proxy: TcpProxy; url: string } {
  const target = new URL(testValkeyUrl());
  const proxy = startTcpProxy({ hostname: target.hostname, port: Number(target.port || "6379") });
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  return { proxy, url: url.toString() };
}

function appWith(limiter: RateLimiter, rule: RateRule) {
  const app = new Hono();
  app.onError(errorHandler());
  app.use(rateLimit(limiter, rule, () => "203.0.113.7"));
  app.post("/v1/things", (c) => c.json({ ok: true }, 201));
  return app;
}

async function statusOf(app: Hono): Promise<number> {
  const res = await app.request("/v1/things", { method: "POST" });
  await res.body?.cancel();
  return res.status;
}

async function eventually(condition: () => Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("createRateLimiter() over Valkey: two processes share one limit", async () => {
  const rule: RateRule = { name: "login", limit: 4, windowMs: 60_000 };
  const now = frozenMidWindow(rule.windowMs);
  // A prefix per test: parallel runs and other suites share the server.
  const prefix = `kopek-test:${crypto.randomUUID()}:`;
  const busA = await openBus(testValkeyUrl(), prefix);
  const busB = await openBus(testValkeyUrl(), prefix);
  try {
    assert.ok((await busA.health()).ok && (await busB.health()).ok, "Valkey is reachable");
    const a = appWith(createRateLimiter({ counter: busA, now }), rule);
    const b = appWith(createRateLimiter({ counter: busB, now }), rule);
    const statuses = [
      await statusOf(a),
      await statusOf(b),
      await statusOf(a),
      await statusOf(b),
      await statusOf(a),
      await statusOf(b),
    ];
    assert.deepEqual(statuses, [201, 201, 201, 201, 429, 429]);
    const res = await b.request("/v1/things", { method: "POST" });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "30");
    assert.equal((await res.json()).code, "rate_limited");
  } finally {
    await busA.close();
    await busB.close();
  }
});

Deno.test("createRateLimiter() over Valkey keeps limiting in-process while Valkey is down, without 5xx", async () => {
  const rule: RateRule = { name: "writes", limit: 3, windowMs: 60_000 };
  const now = frozenMidWindow(rule.windowMs);
  const { proxy, url } = proxiedValkey();
  await using _proxy = proxy;
  const bus = await openBus(url, `kopek-test:${crypto.randomUUID()}:`);
  try {
    const app = appWith(createRateLimiter({ counter: bus, now }), rule);
    assert.deepEqual([await statusOf(app), await statusOf(app)], [201, 201], "counted in Valkey");

    await proxy.cut();
    // No wait: the first hits race ioredis noticing the outage.
    const during: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 5; i++) during.push(await statusOf(app));
    assert.ok(performance.now() - started < 3000, "hits do not wait for a reconnection");
    // The in-process fallback starts from zero: `limit` more, then limited.
    assert.deepEqual(during, [201, 201, 201, 429, 429]);

    proxy.restore();
    await eventually(async () => (await bus.health()).ok, "Valkey to be back");
    // Valkey kept its count of 2: one more is allowed, then the shared limit holds.
    assert.deepEqual([await statusOf(app), await statusOf(app)], [201, 429]);
  } finally {
    await bus.close();
  }
});
