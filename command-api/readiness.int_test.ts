/**
 * The command API's `/readyz` against a throwaway PostgreSQL database: ready
 * only once the event store's, the rates' and the imports' migrations are all
 * applied and the database takes writes; Valkey's health is reported without
 * making it unready.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { eventStoreSchema, migrateSchema } from "@kopek/eventstore";
import { connect, healthRoutes } from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import { COMMAND_API_SCHEMA, commandApiReadiness } from "./readiness.ts";

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

function readyz(sql: Parameters<typeof commandApiReadiness>[0]["sql"], healthy = true) {
  const app = new Hono();
  const bus = {
    health: () => Promise.resolve(healthy ? { ok: true } : { ok: false, detail: "down" }),
  };
  healthRoutes({ checks: commandApiReadiness({ sql, bus }) })(app);
  return async () => {
    const res = await app.request("/readyz");
    const body = await res.json() as { status: string; checks: Check[] };
    const byName = Object.fromEntries(body.checks.map((c) => [c.name, c]));
    return { status: res.status, body, byName, names: body.checks.map((c) => c.name) };
  };
}

Deno.test("command-api /readyz is 503 until every migration it writes to is applied, then 200", async () => {
  await using db = await createTestDatabase("kopek_cmd_ready");
  const check = readyz(db.sql);
  const empty = await check();
  assert.equal(empty.status, 503, JSON.stringify(empty.body));
  assert.deepEqual(empty.names, ["database", "migrations", "valkey"]);
  assert.equal(empty.byName.database.ok, true);
  assert.equal(empty.byName.migrations.ok, false);
  assert.match(empty.byName.migrations.detail!, /not applied/);
  // The event store alone is not enough: the rates and the import queue are written too.
  await migrateSchema(db.sql, [eventStoreSchema]);
  const partly = await check();
  assert.equal(partly.status, 503, JSON.stringify(partly.body));
  assert.equal(partly.byName.migrations.ok, false);
  await migrateSchema(db.sql, COMMAND_API_SCHEMA);
  const ready = await check();
  assert.equal(ready.status, 200, JSON.stringify(ready.body));
  assert.ok(ready.body.checks.every((c) => c.ok));
});

Deno.test("command-api /readyz: a read-only database is unready; Valkey down only degrades", async () => {
  await using db = await createTestDatabase("kopek_cmd_ready");
  await migrateSchema(db.sql, COMMAND_API_SCHEMA);
  const degraded = await readyz(db.sql, false)();
  assert.equal(degraded.status, 200, JSON.stringify(degraded.body));
  assert.equal(degraded.body.status, "degraded");
  assert.equal(degraded.byName.valkey.ok, false);
  // Sessions that cannot write (a standby, or read-only by default): the command API cannot serve.
  await db.sql.unsafe(`ALTER DATABASE ${db.name} SET default_transaction_read_only = on`);
  const readOnly = connect(db.url, { max: 1 });
  try {
    const answer = await readyz(readOnly)();
    assert.equal(answer.status, 503, JSON.stringify(answer.body));
    assert.equal(answer.byName.database.ok, false);
    assert.match(answer.byName.database.detail!, /read-only/);
  } finally {
    await readOnly.end({ timeout: 1 });
  }
});
