import assert from "node:assert/strict";
import { testEvent } from "../contract.ts";
import type { AppendRequest, AppendResult, ExpectedVersion } from "../port.ts";
import { createPostgresEventStore } from "./adapter.ts";
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
