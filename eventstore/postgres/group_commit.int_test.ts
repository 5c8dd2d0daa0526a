/**
 * Group commit (ADR 0062): appends that queue behind one at the database go
 * as one batch (one transaction: their events share a `txId`), and each keeps
 * its own answer. A lead append on its own stream takes the only slot
 * (`maxInFlight: 1`) so that the appends started with it queue and form one
 * batch when it is done.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { TransactionSql } from "@kopek/platform";
import { testEvent } from "../contract.ts";
import {
  type AppendResult,
  DuplicateEventError,
  type EventStore,
  IdempotencyConflictError,
  VersionConflictError,
} from "../port.ts";
import { createPostgresEventStore } from "./adapter.ts";
import { createStoreDatabase } from "./_testing.ts";

const ONE_SLOT = { groupCommit: { maxInFlight: 1, maxBatch: 64 } } as const;

function lead(store: EventStore): Promise<AppendResult> {
  return store.append({
    stream: `lead-${crypto.randomUUID()}`,
    expectedVersion: 0,
    events: [
      testEvent("lead"),
    ],
  });
}

async function eventIds(
  made: { db: { sql: import("@kopek/platform").Sql } },
): Promise<Set<string>> {
  const rows = await made.db.sql<{ id: string }[]>`SELECT id::text AS id FROM events`;
  return new Set(rows.map((r) => r.id));
}

Deno.test("group commit: a conflict or a known key settles only its own append", async () => {
  await using made = await createStoreDatabase(ONE_SLOT);
  const store = made.store;
  const other = createPostgresEventStore(made.db.sql, { groupCommit: false });
  const streams = Array.from({ length: 8 }, (_, i) => `s${i}`);
  for (const s of streams) {
    await store.append({ stream: s, expectedVersion: 0, events: [testEvent("a")] });
  }
  const kept = await store.append({ stream: "k", expectedVersion: 0, events: [testEvent("k")] }, {
    idempotency: { key: "known", contentHash: "c1" },
  });
  // Another instance moves s3: this store's cache still believes version 1.
  await other.append({ stream: "s3", expectedVersion: 1, events: [testEvent("b")] });

  const settled = await Promise.allSettled([
    lead(store),
    ...streams.map((s) =>
      store.append({ stream: s, expectedVersion: 1, events: [testEvent("b")] })
    ),
    // The same key and content: the original result; other content: 409.
    store.append({ stream: "k", expectedVersion: 0, events: [testEvent("k")] }, {
      idempotency: { key: "known", contentHash: "c1" },
    }),
    store.append({ stream: "k2", expectedVersion: 0, events: [testEvent("k")] }, {
      idempotency: { key: "known", contentHash: "c2" },
    }),
  ]);
  const [first, ...rest] = settled;
  assert.equal(first.status, "fulfilled");
  const batch = rest.slice(0, streams.length);
  const txIds = new Set<string>();
  batch.forEach((r, i) => {
    if (streams[i] === "s3") {
      assert.equal(r.status, "rejected");
      assert.ok((r as PromiseRejectedResult).reason instanceof VersionConflictError);
      return;
    }
    assert.equal(r.status, "fulfilled", String((r as PromiseRejectedResult).reason));
    const ok = (r as PromiseFulfilledResult<AppendResult>).value;
    assert.equal(ok.events[0].version, 2);
    txIds.add(ok.events[0].txId);
  });
  // The seven appends that passed committed together, after the lead.
  assert.equal(txIds.size, 1, `one batch, one transaction: ${[...txIds]}`);
  assert.notEqual(
    [...txIds][0],
    (first as PromiseFulfilledResult<AppendResult>).value.events[0].txId,
  );

  const [repeat, conflict] = rest.slice(streams.length);
  assert.equal(repeat.status, "fulfilled");
  const r = (repeat as PromiseFulfilledResult<AppendResult>).value;
  assert.equal(r.duplicate, true);
  assert.deepEqual(r.events.map((e) => e.id), kept.events.map((e) => e.id));
  assert.equal(conflict.status, "rejected");
  assert.ok((conflict as PromiseRejectedResult).reason instanceof IdempotencyConflictError);

  for (const s of streams) {
    const events = await store.readStream(s);
    assert.deepEqual(events.map((e) => e.version), [1, 2], s);
  }
  assert.equal((await store.readStream("k2")).length, 0);
});

Deno.test("group commit: a unique violation in a batch runs each of its appends alone", async () => {
  await using made = await createStoreDatabase(ONE_SLOT);
  const store = made.store;
  const taken = testEvent("taken");
  await store.append({ stream: "t", expectedVersion: 0, events: [taken] });
  const settled = await Promise.allSettled([
    lead(store),
    store.append({ stream: "a", expectedVersion: 0, events: [testEvent("a")] }),
    // Its event id is taken: the batch's insert fails as a whole.
    store.append({
      stream: "b",
      expectedVersion: 0,
      events: [{ ...testEvent("b"), id: taken.id }],
    }),
    store.append({ stream: "c", expectedVersion: 0, events: [testEvent("c")] }),
  ]);
  assert.deepEqual(settled.map((s) => s.status), [
    "fulfilled",
    "fulfilled",
    "rejected",
    "fulfilled",
  ]);
  assert.ok((settled[2] as PromiseRejectedResult).reason instanceof DuplicateEventError);
  assert.equal((await store.readStream("a")).length, 1);
  assert.equal((await store.readStream("b")).length, 0);
  assert.equal((await store.readStream("c")).length, 1);
});

Deno.test("group commit: a connection lost mid-batch acknowledges none of its appends", async () => {
  await using made = await createStoreDatabase();
  let kills = 0;
  const store = createPostgresEventStore(made.pool(4), {
    ...ONE_SLOT,
    // The first batch's transaction (more than one event) loses its connection before its commit.
    beforeCommit: async (tx: TransactionSql) => {
      const [{ n, pid }] = await tx<{ n: number; pid: number }[]>`
        SELECT count(*)::int AS n, pg_backend_pid() AS pid FROM events
        WHERE tx_id = pg_current_xact_id()`;
      if (n > 1 && kills === 0) {
        kills++;
        await made.db.sql`SELECT pg_terminate_backend(${pid}::int)`;
        await tx`SELECT 1`;
      }
    },
  });
  const batch = Array.from({ length: 6 }, (_, i) => testEvent(`e${i}`));
  const settled = await Promise.allSettled([
    lead(store),
    ...batch.map((e, i) => store.append({ stream: `b${i}`, expectedVersion: 0, events: [e] })),
  ]);
  assert.equal(kills, 1);
  assert.equal(settled[0].status, "fulfilled");
  for (const s of settled.slice(1)) assert.equal(s.status, "rejected");
  const stored = await eventIds(made);
  for (const e of batch) assert.ok(!stored.has(e.id), "an append of the lost batch was kept");
  // The store goes on: the same appends, retried, are taken (the heads were never advanced).
  const again = await Promise.all(
    batch.map((e, i) => store.append({ stream: `b${i}`, expectedVersion: 0, events: [e] })),
  );
  assert.deepEqual(again.map((r) => r.events[0].version), batch.map(() => 1));
});

Deno.test("group commit: concurrent random appends keep every stream's chain and answer each alone", async () => {
  await using made = await createStoreDatabase();
  const store = createPostgresEventStore(made.pool(6), {
    groupCommit: { maxInFlight: 2, maxBatch: 8 },
  });
  const other = createPostgresEventStore(made.pool(2), { groupCommit: false });
  let round = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          stream: fc.integer({ min: 0, max: 5 }),
          // A guess at the stream's version: often right, often stale.
          guess: fc.integer({ min: 0, max: 3 }),
          key: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
          elsewhere: fc.boolean(),
        }),
        { minLength: 1, maxLength: 24 },
      ),
      async (ops) => {
        round++;
        const versions = new Map<string, number>();
        for (let s = 0; s < 6; s++) versions.set(`r${round}-${s}`, 0);
        const results = await Promise.allSettled(ops.map((op) => {
          const stream = `r${round}-${op.stream}`;
          const e = testEvent("x", { op });
          const idem = op.key === undefined
            ? undefined
            : { key: `r${round}-k${op.key}`, contentHash: `${op.stream}` };
          return (op.elsewhere ? other : store).append(
            { stream, expectedVersion: op.guess, events: [e] },
            idem === undefined ? undefined : { idempotency: idem },
          );
        }));
        const stored = new Map<string, string[]>();
        for (const [i, r] of results.entries()) {
          const op = ops[i];
          if (r.status === "rejected") {
            const e = r.reason;
            assert.ok(
              e instanceof VersionConflictError || e instanceof IdempotencyConflictError,
              String(e),
            );
            continue;
          }
          const v = r.value;
          assert.equal(v.events.length, 1);
          assert.equal(v.events[0].stream, `r${round}-${op.stream}`);
          if (!v.duplicate) assert.equal(v.events[0].version, op.guess + 1);
          const ids = stored.get(v.events[0].stream) ?? [];
          if (!ids.includes(v.events[0].id)) ids.push(v.events[0].id);
          stored.set(v.events[0].stream, ids);
        }
        // Each stream holds exactly the events some append was answered with, chained 1, 2, …
        for (const stream of versions.keys()) {
          const events = await store.readStream(stream);
          assert.deepEqual(events.map((e) => e.version), events.map((_, i) => i + 1), stream);
          for (let i = 1; i < events.length; i++) {
            assert.equal(events[i].prevHash, events[i - 1].hash);
          }
          assert.deepEqual(
            new Set(events.map((e) => e.id)),
            new Set(stored.get(stream) ?? []),
            stream,
          );
        }
      },
    ),
    { numRuns: 40 },
  );
});
