import assert from "node:assert/strict";
import { Hono } from "hono";
import { healthRoutes, type ReadinessCheck } from "./health.ts";

function appWith(checks: ReadinessCheck[]) {
  const app = new Hono();
  healthRoutes({ checks, timeoutMs: 50 })(app);
  return app;
}

const ok: ReadinessCheck = { name: "database", check: () => Promise.resolve({ ok: true }) };

Deno.test("healthRoutes() /readyz is 200 ready when every check passes", async () => {
  const res = await appWith([ok]).request("/readyz");
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, "ready");
});

Deno.test("healthRoutes() /readyz is 503 when a critical check fails or hangs", async () => {
  for (
    const bad of [
      { name: "database", check: () => Promise.reject(new Error("refused")) },
      { name: "database", check: () => new Promise<never>(() => {}) },
    ]
  ) {
    const res = await appWith([bad]).request("/readyz");
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("retry-after"), "5");
    const body = await res.json();
    assert.equal(body.status, "not ready");
    assert.equal(body.checks[0].ok, false);
  }
});

Deno.test("healthRoutes() /readyz reports a failed non-critical check as degraded", async () => {
  const cache: ReadinessCheck = {
    name: "valkey",
    critical: false,
    check: () => Promise.resolve({ ok: false, detail: "connection refused" }),
  };
  const res = await appWith([ok, cache]).request("/readyz");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, "degraded");
  assert.equal(body.checks[1].detail, "connection refused");
});

Deno.test("healthRoutes() /healthz is 200 without liveness checks, 503 when one fails", async () => {
  const alive = await appWith([]).request("/healthz");
  assert.equal(alive.status, 200);
  assert.deepEqual(await alive.json(), { status: "ok" });

  const app = new Hono();
  const stuck: ReadinessCheck = {
    name: "loop",
    check: () => Promise.resolve({ ok: false, detail: "no round for 61 s" }),
  };
  // A dependency that is down never fails liveness: it is not among the liveness checks.
  const bad: ReadinessCheck = { name: "database", check: () => Promise.reject(new Error("down")) };
  healthRoutes({ checks: [bad], liveness: [stuck], timeoutMs: 50 })(app);
  const res = await app.request("/healthz");
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.equal(body.status, "stuck");
  assert.equal(body.checks[0].detail, "no round for 61 s");
});
