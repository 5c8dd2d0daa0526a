/**
 * The COPY read of a stream (`readStreamBytes`, ADR 0076) on PostgreSQL: any
 * stream name, a bound, an event changed behind the store's back, and a
 * reader that stops early leaving its connection usable.
 */
import assert from "node:assert/strict";
import { within } from "@kopek/platform/testing";
import { testEvent } from "../contract.ts";
import { verifyStream } from "../chain_verifier.ts";
import { createPostgresEventStore } from "./adapter.ts";
import { readStreamBytes } from "./_copy_reads.ts";
import { createStoreDatabase } from "./_testing.ts";

const events = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => testEvent("t", { n: from + i, s: "tab\there \\ 'q'" }));

Deno.test("a stream is read in COPY pages of any size, whole and up to a position", async () => {
  await using made = await createStoreDatabase();
  const stream = "it's a \\ \t stream";
  await made.store.append({ stream, expectedVersion: 0, events: events(30) });
  await made.store.append({ stream: "other", expectedVersion: 0, events: events(5) });
  const read = [];
  for await (const page of made.store.readStreamBytes!(stream)) read.push(...page);
  assert.deepEqual(read.map((e) => e.version), Array.from({ length: 30 }, (_, i) => i + 1));
  assert.ok(read.every((e) => e.stream === stream));
  assert.deepEqual(await verifyStream(made.store, stream), {
    ok: true,
    events: 30,
    headHash: read[29].hash,
    firstBadPosition: null,
    fault: null,
    firstBadStream: null,
  });
  const until = await verifyStream(made.store, stream, { untilPosition: read[11].position });
  assert.equal(until.events, 12);
  assert.equal((await verifyStream(made.store, "none")).events, 0);
  // Pages of 7 versions (the last one short), of 10 (exactly three), of 1.
  for (const pageSize of [7, 10, 1]) {
    const versions = [];
    for await (const page of readStreamBytes(made.db.sql, stream, { pageSize })) {
      versions.push(...page.map((e) => e.version));
    }
    assert.deepEqual(versions, read.map((e) => e.version), `pages of ${pageSize}`);
  }
  const paged = [];
  for await (
    const page of readStreamBytes(made.db.sql, stream, {
      pageSize: 4,
      untilPosition: read[11].position,
    })
  ) paged.push(...page);
  assert.equal(paged.length, 12);
});

Deno.test("an event changed behind the store's back is the first bad one", async () => {
  await using made = await createStoreDatabase();
  await made.store.append({ stream: "g", expectedVersion: 0, events: events(20) });
  const [victim] = await made.db.sql<{ position: number }[]>`
    SELECT position FROM events WHERE stream = 'g' AND version = 8`;
  await made.db.sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await tx`UPDATE events SET data = jsonb_set(data, '{n}', '700') WHERE position = ${victim.position}`;
  });
  const report = await verifyStream(made.store, "g");
  assert.equal(report.ok, false);
  assert.equal(report.events, 20);
  assert.equal(report.firstBadPosition, Number(victim.position));
  assert.equal(report.fault, "hash_mismatch");
  // A version taken out: the gap is reported and every event after it still read.
  const [gone] = await made.db.sql<{ position: number }[]>`
    SELECT position FROM events WHERE stream = 'g' AND version = 3`;
  await made.db.sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await tx`DELETE FROM events WHERE position = ${gone.position}`;
  });
  const one = createPostgresEventStore(made.db.sql);
  const paged = [];
  for await (const page of readStreamBytes(made.db.sql, "g", { pageSize: 3 })) paged.push(...page);
  assert.equal(paged.length, 19);
  const gap = await verifyStream(one, "g");
  assert.deepEqual([gap.events, gap.fault, gap.firstBadPosition], [
    19,
    "version_gap",
    paged[2].position,
  ]);
});

Deno.test("a reader that stops early leaves its one connection usable", async () => {
  await using made = await createStoreDatabase();
  for (let i = 0; i < 4; i++) {
    await made.store.append({
      stream: "g",
      expectedVersion: i * 500,
      events: events(500, i * 500),
    });
  }
  const one = made.pool(1);
  const store = createPostgresEventStore(one);
  let seen = 0;
  for await (const page of store.readStreamBytes!("g")) {
    seen += page.length;
    break;
  }
  assert.ok(seen > 0 && seen < 2000, `stopped after ${seen}`);
  const [{ n }] = await within(
    30_000,
    "a query on the reader's connection",
    one<{ n: number }[]>`SELECT count(*)::int AS n FROM events`,
  );
  assert.equal(n, 2000);
  assert.equal((await verifyStream(store, "g")).events, 2000);
});
