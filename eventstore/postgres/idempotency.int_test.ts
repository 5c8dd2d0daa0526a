import assert from "node:assert/strict";
import { testEvent } from "../contract.ts";
import type { AppendRequest, AppendResult, ExpectedVersion } from "../port.ts";
import { createTestDatabase } from "@kopek/platform/testing";
import { createPostgresEventStore } from "./adapter.ts";
import { readMigrations } from "@kopek/platform";
import { eventStoreMigrations, migrate } from "./schema.ts";
import { createStoreDatabase } from "./_testing.ts";

Deno.test("append() of concurrent identical commands stores exactly one set of events", async () => {
  await using made = await createStoreDatabase();
  // Separate pools and instances: separate connections and separate head caches.
  const stores = Array.from({ length: 4 }, () => createPostgresEventStore(made.pool(4)));
  const later: ExpectedVersion[] = ["any", "exists", -1];
  for (let round = 0; round < 20; round++) {
    const stream = `s-${round % 4}`;
    // The first round of each stream creates it; -1 stands for its current version.
    const expected = round < 4 ? 0 : later[round % 3];
    const commandId = crypto.randomUUID();
    const request: AppendRequest = {
      stream,
      expectedVersion: expected === -1 ? await made.store.streamVersion(stream) : expected,
      events: [testEvent("a", { round }, commandId), testEvent("b", { round }, commandId)],
    };
    const idempotency = { key: commandId, contentHash: `content-${round}` };
    const results: AppendResult[] = await Promise.all(
      Array.from({ length: 16 }, (_, i) => stores[i % 4].append(request, { idempotency })),
    );
    assert.equal(results.filter((r) => !r.duplicate).length, 1, `round ${round}`);
    for (const r of results) {
      assert.deepEqual(r.events.map((e) => e.position), results[0].events.map((e) => e.position));
      assert.deepEqual(r.streams, results[0].streams);
    }
    const [{ n }] = await made.db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM events WHERE metadata->>'commandId' = ${commandId}`;
    assert.equal(n, 2, `round ${round}`);
  }
  const [{ n }] = await made.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM command_log`;
  assert.equal(n, 20);
});

Deno.test("append() of concurrent commands with one key and different content lets one win", async () => {
  await using made = await createStoreDatabase();
  const stores = Array.from({ length: 4 }, () => createPostgresEventStore(made.pool(2)));
  const key = crypto.randomUUID();
  const settled = await Promise.allSettled(stores.map((store, i) =>
    store.append(
      { stream: "s", expectedVersion: "any", events: [testEvent("a", { i })] },
      { idempotency: { key, contentHash: `content-${i}` } },
    )
  ));
  assert.equal(settled.filter((s) => s.status === "fulfilled").length, 1);
  for (const s of settled) {
    if (s.status === "rejected") {
      assert.equal((s.reason as { code?: string }).code, "eventstore.idempotency_conflict");
    }
  }
  assert.equal(await made.store.streamVersion("s"), 1);
});

Deno.test("migration 0003 scopes the keys kept before it by their actor, without a response", async () => {
  await using db = await createTestDatabase("kopek_es");
  // The database as it was before 0003: only the first two migrations.
  const dir = await Deno.makeTempDir();
  try {
    const all = await readMigrations(eventStoreMigrations.dir);
    for (const m of all.filter((m) => m.version < 3)) {
      await Deno.writeTextFile(`${dir}/${m.name}`, m.sql);
    }
    await migrate(db.sql, { component: "eventstore", dir: new URL(`file://${dir}/`) });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  // Rows as the code before 0003 wrote them (its own kopek_append, unscoped keys).
  const legacy = { key: "expense.record:0193a0a0-0000-7000-8000-000000000001", contentHash: "h" };
  const system = { key: "system:1", contentHash: "h" };
  const write = async (stream: string, actor: string | null, key: string) => {
    const event = { ...testEvent("a", {}, key), stream, version: 1, hash: "0".repeat(64) };
    event.metadata.actor = actor;
    const payload = JSON.stringify({
      key,
      contentHash: "h",
      heads: [{ stream, version: 0, hash: null }],
      streams: [{ stream, version: 1 }],
      events: [{ ...event, prevHash: null }],
    });
    await db.sql`SELECT kopek_append(${payload}::text::jsonb)`;
  };
  await write("group-1", "user-1", legacy.key);
  await write("other", null, system.key);

  await migrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const keys = await db.sql<{ key: string; response: unknown }[]>`
    SELECT key, response FROM command_log ORDER BY key`;
  assert.deepEqual(keys.map((r) => ({ ...r })), [
    { key: system.key, response: null },
    { key: `user-1:${legacy.key}`, response: null },
  ]);
  assert.equal(await store.idempotentResult(legacy), null);
  const scoped = await store.idempotentResult({ ...legacy, key: `user-1:${legacy.key}` });
  assert.equal(scoped?.status, "duplicate");
  if (scoped?.status !== "duplicate") throw new Error("unreachable");
  assert.deepEqual(scoped.result.events.map((e) => e.stream), ["group-1"]);
  assert.equal(scoped.result.response, undefined);
});
