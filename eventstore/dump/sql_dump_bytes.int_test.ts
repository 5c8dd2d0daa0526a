/**
 * The dump written from a COPY's bytes (ADR 0077) against the dump of the
 * parsed rows, through PostgreSQL's own jsonb output: row by row for
 * arbitrary JSON, and whole exports of simulated groups, byte for byte.
 */
import assert from "node:assert/strict";
import { writeLongGroup, writeSimulatedHistory } from "@kopek/projector/testing";
import { testEvent } from "../contract.ts";
import { storableJsonValues } from "../_jsonb_style_testing.ts";
import { createMemoryEventStore } from "../memory/adapter.ts";
import { eventsOfStreams, streamEvents } from "../paging.ts";
import type { EventStore, StoredEvent } from "../port.ts";
import { createStoreDatabase } from "../postgres/_testing.ts";
import { createPostgresEventStore } from "../postgres/adapter.ts";
import { rowFields, sqlDumpOfStreams, writeRowBytes } from "./sql_dump_bytes.ts";
import { dumpRow, sqlDumpStream } from "./sql_dump_writer.ts";
import { ByteSink, writeStringifiedJsonb } from "./_stringified_jsonb.ts";

const decoder = new TextDecoder();
const INFO = { exportedAt: "2026-12-07T00:00:00.000Z", title: 'group g "Trip"' };

/** Fails at the first byte where two dumps differ, with the text around it (not a diff of MBs). */
function assertSameBytes(actual: Uint8Array, expected: Uint8Array, what = ""): void {
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  if (i === n && actual.length === expected.length) return;
  const around = (b: Uint8Array) => decoder.decode(b.subarray(Math.max(0, i - 200), i + 200));
  assert.fail(
    `${what}: the dumps differ at byte ${i} (${actual.length} and ${expected.length} bytes)\n` +
      `actual:   ${around(actual)}\nexpected: ${around(expected)}`,
  );
}

async function bytesOf(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

Deno.test("a row from a COPY's bytes is dumpRow() of the parsed event, for arbitrary JSON", async () => {
  await using made = await createStoreDatabase();
  const seed = Date.now() ^ (Math.random() * 0x7fffffff);
  const values = storableJsonValues(seed);
  const stream = "group-'q'\t\\x";
  for (let i = 0; i < values.length; i += 50) {
    await made.store.append({
      stream,
      expectedVersion: i,
      events: values.slice(i, i + 50).map((data, k) => {
        const e = testEvent(k % 2 === 0 ? "T\t1" : "T", data);
        return { ...e, metadata: { ...e.metadata, extra: values[(i + k + 1) % values.length] } };
      }),
    });
  }
  const parsed: StoredEvent[] = await made.store.readStream(stream);
  const fields = rowFields(stream);
  let i = 0;
  let taken = 0;
  for await (const page of made.store.readStreamBytes!(stream)) {
    for (const e of page) {
      const sink = new ByteSink(16);
      writeRowBytes(e, fields, sink);
      const at = `seed ${seed}: ${decoder.decode(e.dataBytes)}`;
      assert.equal(decoder.decode(sink.bytes.subarray(0, sink.length)), dumpRow(parsed[i++]), at);
      if (writeStringifiedJsonb(e.dataBytes, new ByteSink())) taken++;
    }
  }
  assert.equal(i, values.length);
  // Both paths ran (arbitrary values hold many integer-like keys and numbers jsonb rewrites).
  assert.ok(
    taken > values.length / 4 && taken < values.length,
    `${taken} of ${values.length} taken from the bytes`,
  );
});

Deno.test("whole exports of simulated groups are the bytes of the parsed rows' dump", async () => {
  await using made = await createStoreDatabase();
  const { store } = made;
  const long = "group-" + await writeLongGroup(store, 4_500, 3);
  const history = await writeSimulatedHistory(store, { events: 600, groups: 4, members: 5 });
  const old = (streams: string[], untilPosition?: number) =>
    bytesOf(sqlDumpStream(eventsOfStreams(store, streams, { untilPosition }), INFO));
  const now = (streams: string[], untilPosition?: number) =>
    bytesOf(sqlDumpOfStreams(store, streams, { untilPosition }, INFO));
  const groups = history.groups.map((g) => g.stream);
  for (const streams of [[long], groups, [long, ...groups, "group-none"]]) {
    const before = await old(streams);
    assert.ok(before.length > 10_000);
    assertSameBytes(await now(streams), before, streams.join(" "));
  }
  // A real group's events all take the bytes' path.
  for await (const page of store.readStreamBytes!(long)) {
    for (const e of page) {
      assert.ok(writeStringifiedJsonb(e.dataBytes, new ByteSink()), decoder.decode(e.dataBytes));
      assert.ok(writeStringifiedJsonb(e.metadataBytes, new ByteSink()));
    }
  }
  const [middle] = await store.readStream(long, { afterVersion: 2_999, limit: 1 });
  assertSameBytes(await now([long], middle.position), await old([long], middle.position), "until");
  const text = decoder.decode(await now([long], middle.position));
  assert.match(text, /, 3000, 'sha256:[0-9a-f]{64}'\);\nCOMMIT;\n$/);
});

Deno.test("events a sealing rule opens on read are dumped as read, the rest from bytes", async () => {
  await using made = await createStoreDatabase();
  const stream = "group-sealed";
  const events = Array.from({ length: 7 }, (_, i) => ({
    ...testEvent(i === 3 ? "Sealy" : "Plain", { i, sealed: { fields: ["x"], box: "b" } }),
    schemaVersion: 2,
  }));
  await made.store.append({ stream, expectedVersion: 0, events });
  // A stand-in for the sealing store: it changes the events its rule names as it reads them.
  const opening: EventStore = {
    ...made.store,
    readStreamBytes: made.store.readStreamBytes!.bind(made.store),
    async readStream(s, o) {
      const read = await made.store.readStream(s, o);
      return read.map((e) => e.type === "Sealy" ? { ...e, schemaVersion: 1, data: { x: 1 } } : e);
    },
  };
  const rule = { fields: ["x"], plainVersion: 1, sealedVersion: 2, owner: () => "u" };
  const old = await bytesOf(sqlDumpStream(streamEvents(opening, stream), INFO));
  const now = await bytesOf(
    sqlDumpOfStreams(opening, [stream], { sealing: { Sealy: rule } }, INFO),
  );
  assertSameBytes(now, old, "sealed");
  const blind = await bytesOf(sqlDumpOfStreams(opening, [stream], {}, INFO));
  assert.notDeepEqual(blind, old);
});

Deno.test("a store without readStreamBytes takes the parsed rows' path", async () => {
  const store = createMemoryEventStore();
  await store.append({
    stream: "group-m",
    expectedVersion: 0,
    events: [testEvent("T", { "1": 1 })],
  });
  assertSameBytes(
    await bytesOf(sqlDumpOfStreams(store, ["group-m"], {}, INFO)),
    await bytesOf(sqlDumpStream(streamEvents(store, "group-m"), INFO)),
    "memory",
  );
});

Deno.test("a reader that stops between chunks holds no statement and no pooled connection", async () => {
  await using made = await createStoreDatabase();
  const sql = made.pool(1);
  const store = createPostgresEventStore(sql);
  // Three COPYs of versions (2,000 each): the reader stops after each chunk it is handed.
  const stream = "group-" + await writeLongGroup(store, 4_500, 5);
  const reader = sqlDumpOfStreams(store, [stream], {}, INFO).getReader();
  const taken: Uint8Array[] = [];
  for (let paused = 0;; paused++) {
    const next = await reader.read();
    if (next.done) break;
    taken.push(next.value);
    // While the dump waits for its reader, the pool's one connection serves someone else.
    const answered = await Promise.race([
      sql`SELECT 1 AS one`.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 10_000)),
    ]);
    assert.ok(answered, `the pool's connection was held while the reader paused (${paused})`);
  }
  const expected = await bytesOf(
    sqlDumpStream(eventsOfStreams(made.store, [stream]), INFO),
  );
  assertSameBytes(new Uint8Array(await new Blob(taken as BlobPart[]).arrayBuffer()), expected);
});
