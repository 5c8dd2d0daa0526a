/**
 * `readStreamCopy` against PostgreSQL's own COPY output (ADR 0073): events of
 * arbitrary JSON data (escapes, emoji, integer-like keys, numbers jsonb
 * rewrites) in streams and types with quotes, backslashes, tabs and line
 * breaks are appended; every field of every COPY row, parsed by hand, must be
 * what the driver reads, and the byte path's hashes the stored ones. A
 * stored row changed behind the store's back (an escaped character among
 * them) must fail `verifyStream`, as the text path says.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { testEvent } from "../contract.ts";
import { CopyTextRows } from "../copy_text_rows.ts";
import { eventHashOfCopyRow } from "../jsonb_bytes.ts";
import { verifyChain, verifyStream } from "../chain_verifier.ts";
import { streamChainEvents } from "../paging.ts";
import { COPY_ROW_COLUMNS, type EventStore } from "../port.ts";
import { createStoreDatabase } from "./_testing.ts";
import { copyStatement } from "./_copy_reads.ts";

const awkward = [
  { "1": "one", "10": "ten", "-1": "minus", "01": "zero one", "a": 1, "bb": 2, "é": 3 },
  { n: [0, -0, 1.5, 1e21, 1e-7, 0.000001, 123456789012345680000, 0.30000000000000004] },
  { s: 'quote " backslash \\ tab \t nl \n cr \r bell \u0007 bs \b ff \f vt \v 😀 \u2028 é' },
  { "a b": 1, "a": 2, "a!": 3, "": 4, "\uffff": 5, "😀": 6, "k\tey": "\\N" },
  [[], {}, [{}], null, true, false, "", "x", "\\", "\\N"],
];
const streams = ["s", 'it\'s \\ "x"\ttab\nnl', "é😀"];

/** The text-path verdict of the same stream (ADR 0071): what the COPY path must answer. */
function textVerdict(store: EventStore, stream: string) {
  return verifyChain(streamChainEvents(store, stream));
}

Deno.test("COPY rows parsed by hand are the driver's rows, and hash to the stored hashes", async () => {
  await using made = await createStoreDatabase();
  const values = [
    ...awkward,
    ...fc.sample(fc.jsonValue({ maxDepth: 4, stringUnit: "grapheme" }), 100),
    ...fc.sample(fc.jsonValue({ maxDepth: 3, stringUnit: "binary-ascii" }), 100),
  ].map((v) => JSON.parse(JSON.stringify(v)))
    .filter((v) => !JSON.stringify(v).includes("\\u0000")); // text and jsonb refuse NUL
  for (const [k, stream] of streams.entries()) {
    for (let i = 0; i < values.length; i += 50) {
      await made.store.append({
        stream,
        expectedVersion: i,
        events: values.slice(i, i + 50).map((data, j) =>
          testEvent(j % 3 === k ? "type\twith\\tab" : "t", data)
        ),
      });
    }
  }
  let taken = 0;
  for (const stream of streams) {
    const texts = await made.store.readStreamText!(stream);
    const rows = new CopyTextRows(COPY_ROW_COLUMNS.length).reset(
      await made.store.readStreamCopy!(stream),
    );
    for (const t of texts) {
      assert.ok(rows.next());
      assert.deepEqual(COPY_ROW_COLUMNS.map((_, i) => rows.text(i)), [
        String(t.position),
        t.stream,
        String(t.version),
        t.id,
        t.type,
        String(t.schemaVersion),
        t.dataText,
        t.metadataText,
        t.hash,
        t.prevHash,
      ]);
      const hash = eventHashOfCopyRow(t.prevHash, rows);
      if (hash !== null) {
        taken++;
        assert.equal(hash, t.hash, t.dataText);
      }
    }
    assert.ok(!rows.next());
    const report = await verifyStream(made.store, stream);
    assert.deepEqual(report, await textVerdict(made.store, stream));
    assert.deepEqual({ ok: report.ok, events: report.events }, { ok: true, events: texts.length });
    const partial = await verifyStream(made.store, stream, { untilPosition: texts[9].position });
    assert.equal(partial.events, 10);
  }
  // The arbitrary strings mostly decline (non-ASCII keys, escapes); the plain ones do not.
  assert.ok(taken >= 20, `the byte path took only ${taken} rows`);
});

Deno.test("a stored row changed behind the store's back fails verifyStream read by COPY", async () => {
  await using made = await createStoreDatabase();
  const data = (i: number) => ({ description: `expense ${i}`, note: "tab\there", amount: i });
  await made.store.append({
    stream: "g",
    expectedVersion: 0,
    events: Array.from({ length: 30 }, (_, i) => testEvent("t", data(i))),
  });
  const events = await made.store.readStream("g");
  const changes = [
    // A plain character, the byte path's case.
    { at: 3, set: `data = jsonb_set(data, '{description}', '"expense 4"')` },
    // An escaped character (a tab, written \t in JSON and \\t by COPY) changed to another.
    { at: 11, set: `data = jsonb_set(data, '{note}', to_jsonb(E'tab\\nhere'::text))` },
    // A character that COPY escapes, in a text column.
    { at: 17, set: `type = E't\\t'` },
    // A number, as jsonb keeps it.
    { at: 25, set: `data = jsonb_set(data, '{amount}', '25.0')` },
  ];
  for (const change of changes) {
    const position = events[change.at].position;
    await made.db.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx.unsafe(`UPDATE events SET ${change.set} WHERE position = ${position}`);
    });
    const report = await verifyStream(made.store, "g");
    assert.deepEqual(report, await textVerdict(made.store, "g"), change.set);
    assert.equal(report.ok, false, change.set);
    assert.equal(report.fault, "hash_mismatch", change.set);
    assert.equal(report.firstBadPosition, events[changes[0].at].position, change.set);
  }
});

Deno.test("copyStatement() writes the stream as a literal and checks the numbers", () => {
  assert.match(copyStatement("it's \\", { afterVersion: 2, limit: 5 }), /stream = E'it''s \\\\'/);
  assert.match(
    copyStatement("s", { untilPosition: 9, afterPosition: 3 }),
    /position <= 9 AND position > 3/,
  );
  assert.throws(() => copyStatement("s", { afterVersion: 1.5 }), TypeError);
  assert.throws(() => copyStatement("s", { untilPosition: NaN }), TypeError);
  assert.throws(() => copyStatement("s", { limit: -1 }), TypeError);
  assert.throws(() => copyStatement("a\0b"), TypeError);
});
