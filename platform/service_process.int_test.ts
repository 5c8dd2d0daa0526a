import assert from "node:assert/strict";
import { z } from "zod";
import { createTestDatabase } from "@kopek/platform/testing";
import { ConfigFields, ServerConfigFields } from "./config.ts";
import type { SchemaPart } from "./schema/prepare.ts";
import { openServiceProcess } from "./service_process.ts";

const TestConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  ...ServerConfigFields,
});

Deno.test("openServiceProcess() prepares the schema, then opens the registry (its pool on it) and the bus", async () => {
  await using db = await createTestDatabase();
  Deno.env.set("KOPEK_DATABASE_URL", db.url);
  Deno.env.set("KOPEK_LOG_LEVEL", "silent");
  const steps: string[] = [];
  const part: SchemaPart = {
    migrations: [],
    apply: async (sql) => {
      steps.push("schema");
      await sql`CREATE TABLE applied (n int)`;
    },
  };
  const proc = await openServiceProcess({
    config: TestConfig,
    name: "test",
    poolSize: 2,
    schema: [part],
    afterSchema: (config) => steps.push(`after ${config.KOPEK_PORT}`),
  });
  try {
    assert.deepEqual(steps, ["schema", "after 8080"]);
    const [{ name }] = await proc.sql<
      { name: string }[]
    >`SELECT current_setting('application_name') AS name`;
    assert.equal(name, "kopek-test");
    await db.sql`SELECT 1 FROM applied`;
    assert.ok(proc.metrics, "metrics on by default");
    assert.match(await proc.metrics.metrics(), /kopek_db_pool[a-z_]*\{[^}]*pool="main"/);
    assert.equal(proc.metrics, proc.processMetrics.registry);
    // The bus is the in-process one without KOPEK_VALKEY_URL, and works.
    const got = Promise.withResolvers<string>();
    await proc.bus.subscribe("test", (message) => got.resolve(message));
    await proc.bus.publish("test", "hello");
    assert.equal(await got.promise, "hello");
  } finally {
    await proc.close(1);
  }
  await assert.rejects(() => proc.sql`SELECT 1`);
});
