import assert from "node:assert/strict";
import { type Context, Hono } from "hono";
import { createLogger } from "../logger.ts";
import { createInProcessBus } from "../cache/in_process.ts";
import type { WindowCounter } from "../cache/port.ts";
import { errorHandler } from "./errors.ts";
import { ProblemError } from "./problem.ts";
import { createRateLimiter, rateLimit, type RateLimiter, type RateRule } from "./rate_limit.ts";

const MINUTE = 60_000;
const rule: RateRule = { name: "login", limit: 3, windowMs: MINUTE };

/** A clock at `start`, moved by hand. */
function fakeClock(start: number) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** Hits once; answers the 429 error, or null when the hit was allowed. */
async function attempt(limiter: RateLimiter, r: RateRule, subject: string) {
  try {
    await limiter.hit(r, subject);
    return null;
  } catch (error) {
    assert.ok(error instanceof ProblemError, `unexpected ${error}`);
    return error;
  }
}

/** A counter that records its keys and forwards to `inner`. */
function recording(inner: WindowCounter): WindowCounter & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    incrementWindow(key, windowMs) {
      keys.push(key);
      return inner.incrementWindow(key, windowMs);
    },
  };
}

/** A counter whose store is unreachable while `down` is true, as the Valkey adapter answers then. */
function switchable(inner: WindowCounter) {
  const state = { down: true, calls: 0 };
  const counter: WindowCounter = {
    incrementWindow(key, windowMs) {
      state.calls++;
      return state.down ? Promise.resolve(null) : inner.incrementWindow(key, windowMs);
    },
  };
  return { state, counter };
}

Deno.test("createRateLimiter() allows `limit` hits per window, then throws a 429 with Retry-After", async () => {
  // 15 s into a window: 45 s are left.
  const clock = fakeClock(1_000 * MINUTE + 15_000);
  const limiter = createRateLimiter({ counter: createInProcessBus(clock), now: clock.now });
  for (let i = 0; i < 3; i++) assert.equal(await attempt(limiter, rule, "ana@example.com"), null);
  const error = await attempt(limiter, rule, "ana@example.com");
  assert.ok(error);
  assert.equal(error.problem.status, 429);
  assert.equal(error.problem.code, "rate_limited");
  assert.equal(error.problem.type, "https://kopek.dev/problems/rate_limited");
  assert.equal(error.headers["Retry-After"], "45");
  clock.advance(44_500);
  assert.equal((await attempt(limiter, rule, "ana@example.com"))?.headers["Retry-After"], "1");
});

Deno.test("createRateLimiter() answers Retry-After within 1..window seconds wherever the hit falls", async () => {
  for (const offset of [0, 1, 999, 1_000, 30_000, 59_001, MINUTE - 1]) {
    const clock = fakeClock(7 * MINUTE + offset);
    const limiter = createRateLimiter({ counter: createInProcessBus(clock), now: clock.now });
    const once = { ...rule, limit: 1 };
    await limiter.hit(once, "s");
    const retryAfter = Number((await attempt(limiter, once, "s"))?.headers["Retry-After"]);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `${offset}`);
    assert.equal(retryAfter, Math.max(1, Math.ceil((MINUTE - offset) / 1000)), `${offset}`);
  }
});

Deno.test("createRateLimiter() starts again from zero in a new window", async () => {
  const clock = fakeClock(500 * MINUTE + 59_000);
  const limiter = createRateLimiter({ counter: createInProcessBus(clock), now: clock.now });
  for (let i = 0; i < 3; i++) await limiter.hit(rule, "s");
  assert.ok(await attempt(limiter, rule, "s"));
  clock.advance(1_000);
  for (let i = 0; i < 3; i++) assert.equal(await attempt(limiter, rule, "s"), null);
  assert.ok(await attempt(limiter, rule, "s"));
});

Deno.test("createRateLimiter() counts subjects and rules apart", async () => {
  const clock = fakeClock(3 * MINUTE);
  const limiter = createRateLimiter({ counter: createInProcessBus(clock), now: clock.now });
  const other: RateRule = { name: "signup", limit: 3, windowMs: MINUTE };
  for (let i = 0; i < 3; i++) await limiter.hit(rule, "a");
  assert.ok(await attempt(limiter, rule, "a"));
  for (let i = 0; i < 3; i++) assert.equal(await attempt(limiter, rule, "b"), null);
  for (let i = 0; i < 3; i++) assert.equal(await attempt(limiter, other, "a"), null);
});

Deno.test("createRateLimiter() keys carry a digest of the subject, never the subject", async () => {
  const clock = fakeClock(3 * MINUTE);
  const counter = recording(createInProcessBus(clock));
  const limiter = createRateLimiter({ counter, now: clock.now, prefix: "p:" });
  const secret = `ana@example.com ${"x".repeat(10_000)}`;
  await limiter.hit(rule, secret);
  await limiter.hit(rule, "ana@example.com");
  const [long, short] = counter.keys;
  assert.match(long, /^p:rl:login:3:[0-9a-f]{64}$/);
  assert.match(short, /^p:rl:login:3:[0-9a-f]{64}$/);
  assert.ok(!short.includes("ana"));
  assert.notEqual(long, short);
});

Deno.test("createRateLimiter() counts in its fallback while the counter answers null, and shares again after", async () => {
  const clock = fakeClock(3 * MINUTE);
  const shared = createInProcessBus(clock);
  const { state, counter } = switchable(shared);
  const fallback = recording(createInProcessBus(clock));
  const limiter = createRateLimiter({ counter, fallback, now: clock.now });

  for (let i = 0; i < 3; i++) assert.equal(await attempt(limiter, rule, "s"), null);
  assert.equal((await attempt(limiter, rule, "s"))?.problem.status, 429, "still limited");
  assert.equal(state.calls, 4, "the counter is asked first every time");
  assert.equal(fallback.keys.length, 4);

  state.down = false;
  for (let i = 0; i < 3; i++) assert.equal(await attempt(limiter, rule, "s"), null);
  assert.ok(await attempt(limiter, rule, "s"));
  assert.equal(fallback.keys.length, 4, "the fallback is left alone once the counter answers");
});

Deno.test("createRateLimiter() logs once when it falls back and once when the counter is back", async () => {
  const clock = fakeClock(3 * MINUTE);
  const { state, counter } = switchable(createInProcessBus(clock));
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger({
    level: "debug",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  const limiter = createRateLimiter({ counter, now: clock.now, logger });
  for (let i = 0; i < 3; i++) await limiter.hit(rule, `s${i}`);
  state.down = false;
  for (let i = 0; i < 3; i++) await limiter.hit(rule, `s${i}`);
  assert.deepEqual(lines.map((l) => l.level), ["warn", "info"]);
  assert.match(lines[0].msg, /counted per process/);
});

Deno.test("createRateLimiter() keeps limiting with its own in-process fallback when none is given", async () => {
  const clock = fakeClock(3 * MINUTE + 10_000);
  const { counter } = switchable(createInProcessBus(clock));
  const limiter = createRateLimiter({ counter, now: clock.now });
  for (let i = 0; i < 3; i++) await limiter.hit(rule, "s");
  assert.equal((await attempt(limiter, rule, "s"))?.headers["Retry-After"], "50");
  clock.advance(50_000);
  assert.equal(await attempt(limiter, rule, "s"), null, "the fallback's windows end too");
});

Deno.test("createRateLimiter() falls back when a counter throws instead of answering null", async () => {
  const clock = fakeClock(3 * MINUTE);
  const throwing: WindowCounter = {
    incrementWindow: () => Promise.reject(new Error("connection reset")),
  };
  const limiter = createRateLimiter({ counter: throwing, now: clock.now });
  for (let i = 0; i < 3; i++) assert.equal(await attempt(limiter, rule, "s"), null);
  assert.equal((await attempt(limiter, rule, "s"))?.problem.status, 429);
});

Deno.test("createRateLimiter() rejects a malformed rule with a TypeError", async () => {
  const limiter = createRateLimiter({ counter: createInProcessBus() });
  for (
    const bad of [
      { name: "has space", limit: 1, windowMs: 1000 },
      { name: "", limit: 1, windowMs: 1000 },
      { name: "a:b", limit: 1, windowMs: 1000 },
      { name: "ok", limit: 0, windowMs: 1000 },
      { name: "ok", limit: 1.5, windowMs: 1000 },
      { name: "ok", limit: 1, windowMs: 0 },
      { name: "ok", limit: 1, windowMs: Infinity },
    ]
  ) {
    await assert.rejects(limiter.hit(bad, "s"), TypeError, JSON.stringify(bad));
    assert.throws(() => rateLimit(limiter, bad, () => "s"), TypeError, JSON.stringify(bad));
  }
});

function limitedApp(limiter: RateLimiter, subjectOf: (c: Context) => string | null) {
  const app = new Hono();
  app.onError(errorHandler());
  app.use("/v1/*", rateLimit(limiter, { name: "writes", limit: 2, windowMs: MINUTE }, subjectOf));
  app.post("/v1/things", (c) => c.json({ ok: true }, 201));
  return app;
}

Deno.test("rateLimit() answers a problem+json 429 with Retry-After once the subject is over the limit", async () => {
  const clock = fakeClock(3 * MINUTE + 20_000);
  const limiter = createRateLimiter({ counter: createInProcessBus(clock), now: clock.now });
  const app = limitedApp(limiter, (c) => c.req.header("x-user") ?? null);
  const post = (user: string) =>
    app.request("/v1/things", { method: "POST", headers: { "x-user": user } });

  assert.equal((await post("a")).status, 201);
  assert.equal((await post("a")).status, 201);
  const res = await post("a");
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("content-type"), "application/problem+json; charset=utf-8");
  assert.equal(res.headers.get("retry-after"), "40");
  const body = await res.json();
  assert.equal(body.code, "rate_limited");
  assert.equal(body.status, 429);
  assert.equal((await post("b")).status, 201, "another subject is not limited");
});

Deno.test("rateLimit() skips requests whose subject is null", async () => {
  const clock = fakeClock(3 * MINUTE);
  const counter = recording(createInProcessBus(clock));
  const limiter = createRateLimiter({ counter, now: clock.now });
  const app = limitedApp(limiter, () => null);
  for (let i = 0; i < 5; i++) {
    assert.equal((await app.request("/v1/things", { method: "POST" })).status, 201);
  }
  assert.equal(counter.keys.length, 0);
});

Deno.test("rateLimit() never answers 5xx while the counter is unreachable", async () => {
  const clock = fakeClock(3 * MINUTE);
  const { counter } = switchable(createInProcessBus(clock));
  const limiter = createRateLimiter({ counter, now: clock.now });
  const app = limitedApp(limiter, () => "203.0.113.7");
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await app.request("/v1/things", { method: "POST" })).status);
  }
  assert.deepEqual(statuses, [201, 201, 429, 429]);
});
