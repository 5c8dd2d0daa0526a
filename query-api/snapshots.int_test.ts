/**
 * Snapshots against the real PostgreSQL (ADR 0065): the snapshot table's
 * store, and "snapshots never change an answer" with the PostgreSQL event
 * store and snapshot store (generated histories, random instants and
 * snapshot placements; each case its own group).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { GROUP_FOLD_VERSION, groupStream } from "@kopek/domain";
import {
  createPostgresEventStore,
  createPostgresSnapshotStore,
  migrate,
  type Snapshot,
} from "@kopek/eventstore";
import { createTestDatabase } from "@kopek/platform/testing";
import { appendCase, arbCase, checkCase, corrupting, fromZero } from "./_snapshot_testing.ts";
import { groupStateAsOf } from "./as_of.ts";

Deno.test("the PostgreSQL snapshot store keeps, finds, replaces and discards snapshots", async () => {
  await using db = await createTestDatabase("kopek_snap");
  await migrate(db.sql);
  const snapshots = createPostgresSnapshotStore(db.sql);
  const base: Snapshot = {
    stream: "group-a",
    fold: "group",
    foldVersion: 1,
    version: 1000,
    position: 12_345_678_901,
    hash: "a".repeat(64),
    atMs: Date.parse("2026-01-01T00:16:40Z"),
    state: '{"big":"123456789012345678901234567890"}',
  };
  const query = { stream: "group-a", fold: "group", foldVersion: 1 };
  assert.equal(await snapshots.latest(query), null);
  await snapshots.save(base);
  await snapshots.save(base); // a second writer of the same snapshot
  const later = { ...base, version: 2000, atMs: base.atMs + 1000, hash: "b".repeat(64) };
  await snapshots.save(later);
  assert.deepEqual(await snapshots.latest(query), later);
  assert.deepEqual(await snapshots.latest({ ...query, maxAtMs: later.atMs - 1 }), base);
  assert.deepEqual(await snapshots.latest({ ...query, maxAtMs: base.atMs }), base);
  assert.equal(await snapshots.latest({ ...query, maxAtMs: base.atMs - 1 }), null);
  assert.equal(await snapshots.latest({ ...query, stream: "group-b" }), null);
  assert.equal(await snapshots.latest({ ...query, fold: "entries" }), null);
  // A split snapshot: its head, and only the parts asked for.
  const split = {
    ...later,
    version: 3000,
    atMs: later.atMs + 1000,
    split: { head: '{"h":1}', parts: [["e1", "[1]"], ["e2", "[2]"], ["e3", "[3]"]] as const },
  };
  assert.equal(await snapshots.latestHead(query), null);
  await snapshots.save(split);
  const { state: _state, split: _split, ...place } = split;
  assert.deepEqual(await snapshots.latestHead(query), { ...place, head: '{"h":1}' });
  assert.deepEqual(await snapshots.latestHead({ ...query, maxAtMs: later.atMs }), null);
  const head = (await snapshots.latestHead(query))!;
  assert.deepEqual(
    await snapshots.parts(head, ["e3", "e1", "e9"]),
    new Map([["e3", "[3]"], ["e1", "[1]"]]),
  );
  assert.deepEqual(await snapshots.parts(head, []), new Map());
  await snapshots.discard(split);
  assert.deepEqual(await snapshots.parts(head, ["e1"]), new Map());
  await snapshots.discard(later);
  assert.deepEqual(await snapshots.latest(query), base);
  // A new fold version's snapshot replaces the stream's snapshots of other versions.
  await snapshots.save({ ...base, foldVersion: 2 });
  assert.equal(await snapshots.latest(query), null);
  const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM snapshots`;
  assert.equal(n, 1);
});

Deno.test("snapshots never change an answer, on PostgreSQL", async () => {
  await using db = await createTestDatabase("kopek_snap");
  await migrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const snapshots = createPostgresSnapshotStore(db.sql);
  await fc.assert(
    fc.asyncProperty(arbCase, async (c) => {
      await appendCase(store, c);
      await checkCase(store, c, snapshots);
      const [{ n }] = await db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM snapshots
        WHERE stream = ${groupStream(c.groupId)} AND fold_version = ${GROUP_FOLD_VERSION}`;
      if (c.events.length >= c.every) assert.ok(n > 0);
    }),
    { numRuns: 25 },
  );
  // And it can fail: a corrupted snapshot (its whole state, its head or an entry) is caught.
  for (const what of ["state", "head", "entry"] as const) {
    await assert.rejects(
      fc.assert(
        fc.asyncProperty(arbCase, async (c) => {
          await appendCase(store, c);
          await checkCase(store, c, corrupting(snapshots, what));
        }),
        { numRuns: 25 },
      ),
      /Property failed/,
    );
  }
});

Deno.test("a snapshot row edited in the database is caught by its hash, or by the fold from zero", async () => {
  await using db = await createTestDatabase("kopek_snap");
  await migrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const snapshots = createPostgresSnapshotStore(db.sql);
  const [c] = fc.sample(arbCase.filter((c) => c.events.length >= 12), { numRuns: 1, seed: 7 });
  await appendCase(store, c);
  const end = Number.MAX_SAFE_INTEGER;
  const options = { snapshots, every: 4 };
  await groupStateAsOf(store, c.groupId, end, options);
  // A row claiming another event as its last: ignored, deleted and written again.
  await db.sql`UPDATE snapshots SET hash = repeat('0', 64)`;
  assert.deepEqual(await groupStateAsOf(store, c.groupId, end, options), fromZero(c, end));
  const hashes = await db.sql<{ hash: string }[]>`SELECT hash FROM snapshots`;
  assert.ok(hashes.length > 0 && hashes.every((r) => r.hash !== "0".repeat(64)));
});
