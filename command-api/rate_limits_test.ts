import assert from "node:assert/strict";
import { Hono } from "hono";
import { createLogger, type RateLimiter, type RateRule, toProblem } from "@kopek/platform";
import type { CommandApiDeps } from "./deps.ts";
import { createLimits, DEFAULT_RATE_LIMITS, type RateLimitPolicy } from "./rate_limits.ts";

const logger = createLogger({ level: "silent" });

function deps(more: Partial<CommandApiDeps>): CommandApiDeps {
  return { logger, ...more } as CommandApiDeps;
}

/** A limiter that records what it is asked to count. */
function recording() {
  const hits: { rule: RateRule; subject: string }[] = [];
  const limiter: RateLimiter = {
    hit(rule, subject) {
      hits.push({ rule, subject });
      return Promise.resolve();
    },
  };
  return { limiter, hits };
}

Deno.test("every limit of the policy has its own name, and login is stricter than login per address", () => {
  const names = Object.values(DEFAULT_RATE_LIMITS).map((r) => r.name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(DEFAULT_RATE_LIMITS.login.limit < DEFAULT_RATE_LIMITS.loginPerAddress.limit);
  assert.ok(DEFAULT_RATE_LIMITS.clientErrors.limit < DEFAULT_RATE_LIMITS.clientErrorsAll.limit);
  for (const rule of Object.values(DEFAULT_RATE_LIMITS)) {
    assert.ok(rule.limit > 0 && rule.windowMs > 0, rule.name);
  }
});

Deno.test("createLimits() counts each hit under the policy's rule, an override replacing only its own", async () => {
  const { limiter, hits } = recording();
  const writes = { name: "writes", limit: 3, windowMs: 1000 };
  const limits = createLimits(deps({ rateLimiter: limiter, rateLimits: { writes } }));
  await limits.hit("writes", "user-1");
  await limits.hit("login", "10.0.0.1 ana@example.com");
  assert.deepEqual(hits, [
    { rule: writes, subject: "user-1" },
    { rule: DEFAULT_RATE_LIMITS.login, subject: "10.0.0.1 ana@example.com" },
  ]);
});

Deno.test("createLimits() limits in process by default, and not at all with a null limiter", async () => {
  const rateLimits: Partial<RateLimitPolicy> = {
    codes: { name: "codes", limit: 2, windowMs: 60_000 },
  };
  const limits = createLimits(deps({ rateLimits }));
  await limits.hit("codes", "a");
  await limits.hit("codes", "a");
  const over = await limits.hit("codes", "a").then(() => null, (e) => e);
  assert.equal(toProblem(over)?.status, 429);
  assert.equal(toProblem(over)?.code, "rate_limited");
  // Another subject has its own count.
  await limits.hit("codes", "b");
  const off = createLimits(deps({ rateLimiter: null, rateLimits }));
  for (let i = 0; i < 10; i++) await off.hit("codes", "a");
});

Deno.test("the caller's address is the last X-Forwarded-For hop only behind a trusted proxy", async () => {
  const seen: string[] = [];
  for (const trustProxy of [true, false, undefined]) {
    const limits = createLimits(deps({ rateLimiter: null, trustProxy }));
    const app = new Hono();
    app.get("/", (c) => {
      seen.push(limits.address(c));
      return c.body(null, 204);
    });
    await app.request("/", { headers: { "x-forwarded-for": "203.0.113.9, 198.51.100.7" } });
  }
  assert.equal(seen[0], "198.51.100.7");
  assert.notEqual(seen[1], "198.51.100.7");
  assert.notEqual(seen[1], "203.0.113.9");
  assert.equal(seen[2], seen[1]);
});
