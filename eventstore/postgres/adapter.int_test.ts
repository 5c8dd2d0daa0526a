import assert from "node:assert/strict";
import postgres from "postgres";
import { eventStoreContract, testEvent } from "../contract.ts";
import { VersionConflictError } from "../port.ts";
import { createPostgresEventStore } from "./adapter.ts";
import { createStoreDatabase } from "./_testing.ts";

eventStoreContract("createPostgresEventStore()", async () => {
  const made = await createStoreDatabase();
  return { store: made.store, [Symbol.asyncDispose]: () => made[Symbol.asyncDispose]() };
});

eventStoreContract("createPostgresEventStore() without prepared statements", async () => {
  const made = await createStoreDatabase();
  const store = createPostgresEventStore(made.pool(2, "?prepare=false"));
  return { store, [Symbol.asyncDispose]: () => made[Symbol.asyncDispose]() };
});

eventStoreContract(
  "createPostgresEventStore(), every append through kopek_append_batch",
  async () => {
    const made = await createStoreDatabase({ groupCommit: { alwaysBatch: true } });
    return { store: made.store, [Symbol.asyncDispose]: () => made[Symbol.asyncDispose]() };
  },
);

eventStoreContract(
  "createPostgresEventStore() without prepared statements, every append through kopek_append_batch",
  async () => {
    const made = await createStoreDatabase();
    const store = createPostgresEventStore(made.pool(2, "?prepare=false"), {
      groupCommit: { alwaysBatch: true },
    });
    return { store, [Symbol.asyncDispose]: () => made[Symbol.asyncDispose]() };
  },
);

eventStoreContract("createPostgresEventStore() without a head cache", async () => {
  const made = await createStoreDatabase();
  const store = createPostgresEventStore(made.db.sql, { headCacheSize: 0 });
  return { store, [Symbol.asyncDispose]: () => made[Symbol.asyncDispose]() };
});

Deno.test("createPostgresEventStore() catches up when another instance moved a stream", async () => {
  await using made = await createStoreDatabase();
  const a = made.store;
  const b = createPostgresEventStore(made.pool(2));
  await a.append({ stream: "s", expectedVersion: 0, events: [testEvent("a1")] });
  await a.append({ stream: "s", expectedVersion: 1, events: [testEvent("a2")] });
  // b has never seen the stream: it looks the head up.
  await b.append({ stream: "s", expectedVersion: 2, events: [testEvent("b3")] });
  // a's cached head is now stale.
  await assert.rejects(
    a.append({ stream: "s", expectedVersion: 2, events: [testEvent("a3")] }),
    (e) => e instanceof VersionConflictError && e.actual === 3,
  );
  await b.append({ stream: "s", expectedVersion: "any", events: [testEvent("b4")] });
  const r = await a.append({ stream: "s", expectedVersion: "any", events: [testEvent("a5")] });
  assert.equal(r.events[0].version, 5);
  await b.append({ stream: "s", expectedVersion: "exists", events: [testEvent("b6")] });
  await a.append({ stream: "s", expectedVersion: 6, events: [testEvent("a7")] });
  const events = await a.readStream("s");
  assert.deepEqual(events.map((e) => e.type), ["a1", "a2", "b3", "b4", "a5", "b6", "a7"]);
  for (let i = 1; i < events.length; i++) assert.equal(events[i].prevHash, events[i - 1].hash);
});

Deno.test("createPostgresEventStore() appends in one statement once a head is known", async () => {
  await using made = await createStoreDatabase();
  const queries: string[] = [];
  const sql = postgres(made.db.url, { max: 1, debug: (_c, query) => queries.push(query) });
  try {
    const store = createPostgresEventStore(sql);
    await store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
    await store.append({ stream: "t", expectedVersion: "any", events: [testEvent("a")] });
    for (let i = 1; i <= 5; i++) {
      await store.append({ stream: "s", expectedVersion: i, events: [testEvent("b")] });
      await store.append({ stream: "t", expectedVersion: "any", events: [testEvent("b")] });
    }
    await store.append({ stream: "u", expectedVersion: 0, events: [testEvent("c")] }, {
      idempotency: { key: crypto.randomUUID(), contentHash: "x" },
    });
    const appends = queries.filter((q) => !q.includes("pg_catalog"));
    assert.equal(appends.length, 13, appends.join("\n"));
    // Single-event appends on a known head take the one-statement insert; the
    // rest call kopek_append. Either way: one statement per append.
    assert.ok(appends.every((q) => q.includes("kopek_append") || q.includes("INSERT INTO events")));
  } finally {
    await sql.end();
  }
});

Deno.test("events columns are what audit queries rely on", async () => {
  await using made = await createStoreDatabase();
  await made.store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a", { x: 1 })] });
  const [row] = await made.db.sql`
    SELECT position, tx_id::text, id, stream, version, type, schema_version, data, metadata,
           hash, prev_hash, recorded_at
    FROM events`;
  assert.equal(row.version, 1);
  assert.equal(row.prev_hash, null);
  assert.deepEqual(row.data, { x: 1 });
  assert.ok(row.recorded_at instanceof Date);
});
