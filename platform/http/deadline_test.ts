import assert from "node:assert/strict";
import { Hono } from "hono";
import { errorHandler } from "./errors.ts";
import { EXPIRED, requestDeadline, settleWithin } from "./deadline.ts";

Deno.test("settleWithin() answers the value, the failure, or EXPIRED", async () => {
  assert.equal(await settleWithin(Promise.resolve(1), 1_000), 1);
  await assert.rejects(settleWithin(Promise.reject(new Error("no")), 1_000), /no/);
  assert.equal(await settleWithin(new Promise(() => {}), 10), EXPIRED);
  // A failure after the bound is not an unhandled rejection.
  const late = new Promise((_, reject) => setTimeout(() => reject(new Error("late")), 20));
  assert.equal(await settleWithin(late, 5), EXPIRED);
  await new Promise((r) => setTimeout(r, 40));
});

Deno.test("requestDeadline() answers 503 database_unavailable with Retry-After past its bound", async () => {
  const app = new Hono();
  app.onError(errorHandler());
  let finished = false;
  app.use(
    "*",
    requestDeadline({ ms: 30, applies: (c) => c.req.method === "POST" }),
  );
  app.post("/slow", async (c) => {
    await new Promise((r) => setTimeout(r, 100));
    finished = true;
    return c.json({ ok: true }, 201);
  });
  app.get("/slow", async (c) => {
    await new Promise((r) => setTimeout(r, 60));
    return c.json({ ok: true });
  });
  app.post("/fast", (c) => c.json({ ok: true }, 201));

  const slow = await app.request("/slow", { method: "POST" });
  assert.equal(slow.status, 503);
  assert.equal((await slow.json()).code, "database_unavailable");
  assert.match(slow.headers.get("retry-after") ?? "", /^\d+$/);
  assert.equal((await app.request("/fast", { method: "POST" })).status, 201);
  // Not bounded: a GET.
  assert.equal((await app.request("/slow")).status, 200);
  // The handler was not stopped.
  await new Promise((r) => setTimeout(r, 120));
  assert.ok(finished);
});

Deno.test("errorHandler() answers a database outage 503 database_unavailable, a bug 500", async () => {
  const app = new Hono();
  const unavailable: unknown[] = [];
  const unexpected: unknown[] = [];
  app.onError(errorHandler({
    onUnavailable: (e) => unavailable.push(e),
    onUnexpected: (e) => unexpected.push(e),
  }));
  app.get("/down", () => {
    throw Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" });
  });
  app.get("/bug", () => {
    throw new TypeError("x is undefined");
  });
  const down = await app.request("/down");
  assert.equal(down.status, 503);
  assert.equal((await down.json()).code, "database_unavailable");
  assert.equal(down.headers.get("retry-after"), "2");
  const bug = await app.request("/bug");
  assert.equal(bug.status, 500);
  assert.equal(bug.headers.get("retry-after"), null);
  assert.equal(unavailable.length, 1);
  assert.equal(unexpected.length, 1);
});
