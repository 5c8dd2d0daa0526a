/**
 * The query API's `/readyz` against the real PostgreSQL (ADR 0026): reads
 * depend on the projector, so events past the lag threshold with no
 * projector make it 503, and so does an event left waiting by a projector
 * that stopped; running the projector makes it 200 again.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { migrateSchema, testEvent } from "@kopek/eventstore";
import { createProjector, projectorReadinessCheck, READY_MAX_LAG } from "@kopek/projector";
import { createInProcessBus, healthRoutes } from "@kopek/platform";
import { drain, projectorTestEnv, quietLogger } from "../projector/testing/setup.ts";
import { QUERY_API_SCHEMA, queryApiReadiness } from "./readiness.ts";

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

Deno.test("query-api /readyz is 503 past the lag threshold with no projector, 200 once it ran", async () => {
  await using env = await projectorTestEnv();
  await migrateSchema(env.sql, QUERY_API_SCHEMA);
  const app = new Hono();
  healthRoutes({
    checks: queryApiReadiness({ sql: env.sql, store: env.store, bus: createInProcessBus() }),
  })(app);
  const readyz = async () => {
    const res = await app.request("/readyz");
    const body = await res.json() as { status: string; checks: Check[] };
    return {
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      projector: body.checks.find((c) => c.name === "projector")!,
      names: body.checks.map((c) => c.name),
    };
  };
  const before = await readyz();
  assert.equal(before.status, 200, JSON.stringify(before));
  assert.deepEqual(before.names, ["database", "migrations", "valkey", "projector"]);

  // Past the threshold: events of a stream the read models ignore (accounts), in big appends.
  const perAppend = 500;
  let last = 0;
  for (let appended = 0; appended <= READY_MAX_LAG; appended += perAppend) {
    ({ position: last } = await env.store.append({
      stream: `account-${crypto.randomUUID()}`,
      expectedVersion: 0,
      events: Array.from({ length: perAppend }, () => testEvent("account.noted")),
    }));
  }
  const behind = await readyz();
  assert.equal(behind.status, 503, JSON.stringify(behind));
  assert.equal(behind.retryAfter, "5");
  assert.equal(behind.projector.ok, false);
  assert.match(behind.projector.detail!, /^lag \d+ events/);
  assert.ok(Number(/^lag (\d+)/.exec(behind.projector.detail!)![1]) > READY_MAX_LAG);

  const projector = createProjector({ sql: env.sql, store: env.store, logger: quietLogger() });
  await drain(projector, env.sql, last);
  const after = await readyz();
  assert.equal(after.status, 200, JSON.stringify(after));
  assert.equal(after.projector.detail, "lag 0 events");
});

Deno.test("the projector check fails while an event waits longer than the bound, however small the lag", async () => {
  await using env = await projectorTestEnv();
  const check = projectorReadinessCheck({ sql: env.sql, store: env.store, maxWaitSeconds: 1 });
  const projector = createProjector({ sql: env.sql, store: env.store, logger: quietLogger() });
  await env.store.append({
    stream: `account-${crypto.randomUUID()}`,
    expectedVersion: 0,
    events: [testEvent("account.noted")],
  });
  // Fresh: one event behind is ready.
  assert.deepEqual(await check.check(), { ok: true, detail: "lag 1 events" });
  // Nobody applies it (the projector is dead or paused): once it waited past the bound, not ready.
  await new Promise((r) => setTimeout(r, 1_500));
  const stalled = await check.check();
  assert.equal(stalled.ok, false);
  assert.match(
    stalled.detail!,
    /^lag 1 events, the oldest waiting [1-9]\d* s \(the projector is not advancing\)$/,
  );
  // The projector runs: ready again.
  while (await projector.runOnce() > 0) {
    // catching up
  }
  assert.deepEqual(await check.check(), { ok: true, detail: "lag 0 events" });
});
