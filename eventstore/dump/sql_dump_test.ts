import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { eventHashSync } from "../hash.ts";
import type { StoredEvent } from "../port.ts";
import {
  collectSqlDump,
  type DumpedEvent,
  DumpError,
  readSqlDump,
  type VerifiedDump,
} from "./sql_dump_reader.ts";
import { COPY_LINE, DUMP_PREAMBLE, END_OF_ROWS } from "./sql_dump_format.ts";
import { writeSqlDump } from "./sql_dump_writer.ts";
import {
  chunked,
  dumpOf,
  insertBefore,
  type PlainEvent,
  resealEvents,
  resealLines,
  TEXT_FORGERIES,
} from "./testing/mod.ts";

/** A chained history of `n` events in `streams` interleaved streams. */
function history(n: number, streams = 1, data: (i: number) => unknown = (i) => ({ i })) {
  const heads = new Map<string, StoredEvent>();
  const out: StoredEvent[] = [];
  for (let i = 0; i < n; i++) {
    const stream = `group-${i % streams}`;
    const prev = heads.get(stream);
    const base = {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      stream,
      version: (prev?.version ?? 0) + 1,
      type: "ExpenseRecorded",
      schemaVersion: 1,
      data: data(i),
      metadata: { actor: null, commandId: `c${i}`, at: "2026-11-22T10:00:00.000Z" },
    };
    const prevHash = prev?.hash ?? null;
    const e = {
      ...base,
      position: i + 1,
      txId: String(100 + i),
      prevHash,
      hash: eventHashSync(prevHash, base),
    };
    heads.set(stream, e);
    out.push(e);
  }
  return out;
}

async function dump(events: StoredEvent[]): Promise<string> {
  let text = "";
  async function* source() {
    yield* events;
  }
  for await (
    const part of writeSqlDump(source(), { exportedAt: "2026-11-22T12:00:00Z", title: "test" })
  ) {
    text += part;
  }
  return text;
}

const plain = (events: StoredEvent[]): PlainEvent[] =>
  events.map(({ stream, id, type, schemaVersion, data, metadata }) => ({
    stream,
    id,
    type,
    schemaVersion,
    data,
    metadata,
  }));

/** Reads a dump fed in the given chunks; answers the events and the verdict. */
async function readChunks(bytes: Uint8Array, cuts: number[] = [], maxLineBytes?: number) {
  const reader = readSqlDump(chunked(bytes, cuts), { maxLineBytes });
  const events: DumpedEvent[] = [];
  for await (const e of reader) events.push(e);
  return { events, verified: reader.verified };
}

async function refused(
  text: string | Uint8Array,
  fault: DumpError["fault"],
  message?: RegExp,
  line?: number,
) {
  await assert.rejects(() => collectSqlDump(text), (e) => {
    assert.ok(e instanceof DumpError, String(e));
    assert.equal(e.fault, fault, e.message);
    if (message) assert.match(e.message, message);
    if (line !== undefined) assert.equal(e.line, line, e.message);
    return true;
  });
}

const lineOf = (text: string, line: string) => text.split("\n").indexOf(line) + 1;

Deno.test("readSqlDump() reads back exactly the events written, whatever their data and chunking", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.jsonValue(), { maxLength: 20 }),
      fc.integer({ min: 1, max: 3 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      async (values, streams, cutSeeds) => {
        const events = history(values.length, streams, (i) => ({ v: values[i] }));
        const text = await dump(events);
        const bytes = new TextEncoder().encode(text);
        const read = await readChunks(bytes, cutSeeds.map((c) => c % bytes.length));
        assert.equal(read.events.length, events.length);
        read.events.forEach((e, i) => {
          const { txId: _, ...expected } = events[i];
          assert.deepEqual(JSON.parse(JSON.stringify(e)), JSON.parse(JSON.stringify(expected)));
        });
        assert.deepEqual(read.verified, {
          exportedAt: "2026-11-22T12:00:00Z",
          events: events.length,
          headHash: events.at(-1)?.hash ?? null,
          checksum: createHash("sha256").update(text.slice(0, text.lastIndexOf("\\.\n") + 3))
            .digest("hex"),
        });
      },
    ),
    { numRuns: 50 },
  );
});

Deno.test("readSqlDump(): chunks that split multi-byte characters and lines read the same as one chunk", async () => {
  const names = ["Zoë", "日本の旅", "🧾🍣", "Ωmega\u2028", "a\tb\\c\nd"];
  const events = history(12, 2, (i) => ({ name: names[i % names.length], i }));
  const bytes = new TextEncoder().encode(await dump(events));
  const whole = await readChunks(bytes);
  // Every single cut, then many random cuttings (down to one byte per chunk).
  for (let cut = 1; cut < bytes.length; cut += 1) {
    assert.deepEqual(await readChunks(bytes, [cut]), whole, `cut at ${cut}`);
  }
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(bytes.length), { maxLength: 200 }), async (cuts) => {
      assert.deepEqual(await readChunks(bytes, cuts), whole);
    }),
    { numRuns: 100 },
  );
  const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
  assert.deepEqual(await readChunks(bytes, everyByte), whole);
});

Deno.test("readSqlDump(): an empty history dumps and reads back", async () => {
  const read = await collectSqlDump(await dump([]));
  assert.deepEqual(read.list, []);
  assert.equal(read.events, 0);
  assert.equal(read.headHash, null);
});

Deno.test("readSqlDump(): nothing is verified before the iteration ended normally", async () => {
  const text = await dump(history(3));
  const reader = readSqlDump(chunked(new TextEncoder().encode(text)));
  assert.throws(() => reader.verified, /not been read to its end/);
  const it = reader[Symbol.asyncIterator]();
  await it.next();
  assert.throws(() => reader.verified, /not been read to its end/);
  while (!(await it.next()).done);
  assert.equal(reader.verified.events, 3);
  // A refused read verifies nothing either, and a reader reads once.
  const bad = readSqlDump(chunked(new TextEncoder().encode(text.replace("COMMIT;", "COMMIT"))));
  await assert.rejects(async () => {
    for await (const _ of bad);
  }, DumpError);
  assert.throws(() => bad.verified, /not been read to its end/);
  await assert.rejects(async () => {
    for await (const _ of reader);
  }, /reads its source once/);
});

Deno.test("readSqlDump(): one byte altered in the rows or the checksum is refused by the checksum", async () => {
  const text = await dump(history(5));
  const rowsAt = text.indexOf(COPY_LINE) + COPY_LINE.length + 1;
  const bodyEnd = text.lastIndexOf("\n\\.\n") + 4;
  for (const at of [rowsAt + 20, rowsAt + 200, bodyEnd - 6]) {
    const altered = text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) +
      text.slice(at + 1);
    await refused(altered, "checksum_mismatch", /was altered/);
  }
  const sumAt = text.lastIndexOf("sha256:") + 10;
  await refused(
    text.slice(0, sumAt) + (text[sumAt] === "a" ? "b" : "a") + text.slice(sumAt + 1),
    "checksum_mismatch",
  );
  // A byte turned into invalid UTF-8 inside a row: the checksum says so first.
  const bytes = new TextEncoder().encode(text);
  bytes[rowsAt + 30] = 0xff;
  await refused(bytes, "checksum_mismatch");
});

Deno.test("readSqlDump(): one byte altered outside the rows is not a dump, naming the line", async () => {
  const text = await dump(history(5));
  await refused("x" + text.slice(1), "not_a_dump", /line 1 /, 1);
  const at = text.indexOf("CREATE TABLE kopek_events") + 3;
  await refused(
    text.slice(0, at) + "a" + text.slice(at + 1),
    "not_a_dump",
    /line \d+ differs/,
    lineOf(text, "CREATE TABLE kopek_events ("),
  );
  await refused(
    text.replace(/COMMIT;\n$/, "COMMIT;\nDROP TABLE x;\n"),
    "not_a_dump",
    /follows COMMIT/,
  );
  await refused(text + " ", "not_a_dump", /follows COMMIT|cut/);
  await refused(text.replace(/COMMIT;\n$/, "COMMIT;"), "not_a_dump", /cut/);
  // The trailer's export time is outside the checksum: it must match the header's.
  await refused(
    text.replace(/'2026-11-22T12:00:00Z'/, "'2026-11-22T12:00:01Z'"),
    "not_a_dump",
    /header/,
  );
  await refused(text.replace(/\(1, '2026/, "(3, '2026"), "unsupported_format");
  await refused("\uFEFF" + text, "not_a_dump", /line 1 /);
  await refused(text.replaceAll("\n", "\r\n"), "not_a_dump", /line 1 /);
  await refused(new Uint8Array([0x2d, 0x2d, 0x20, 0xc3, 0x28, 0x0a]), "not_a_dump", /UTF-8/);
  await refused("SELECT 1;", "not_a_dump");
  await refused("", "not_a_dump", /ends after line 0/);
});

Deno.test("readSqlDump(): a resealed dump with any statement Kopek does not write is not a dump, naming its line", async () => {
  const text = await dump(history(4));
  const lines = text.split("\n");
  const statements = [
    "DROP TABLE users;",
    "SET session_replication_role = replica;",
    "COPY kopek_events (position) FROM PROGRAM 'id';",
    "-- a harmless-looking comment",
    "",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
  ];
  // Everywhere a line can go outside the rows: after each line of the head, and in the trailer.
  const head = lines.indexOf(COPY_LINE);
  let cases = 0;
  for (let after = 1; after <= head; after++) {
    for (const statement of statements) {
      // An empty line where Kopek writes one is not extra: skip those places for "".
      if (statement === "" && lines[after] === "") continue;
      const forged = resealLines(
        text,
        (ls) => [...ls.slice(0, after), statement, ...ls.slice(after)],
      );
      // A comment right after the header reads as the title: the real title is then the extra line.
      const named = after === 1 && statement.startsWith("-- ") ? after + 2 : after + 1;
      await refused(forged, "not_a_dump", new RegExp(`line ${named} `), named);
      cases++;
    }
  }
  assert.ok(cases > 100, `${cases} places`);
  // Between the end of rows and the checksum comment, between the INSERT and COMMIT.
  const extraAfter = (line: string, statement: string) =>
    text.replace(line + "\n", line + "\n" + statement + "\n");
  await refused(extraAfter("\\.", "DROP TABLE users;"), "not_a_dump", /checksum comment/);
  await refused(
    extraAfter("\\.", COPY_LINE),
    "not_a_dump",
    new RegExp(`line ${lineOf(text, END_OF_ROWS) + 1} `),
  );
  const insert = lines.find((l) => l.startsWith("INSERT INTO kopek_dump"))!;
  await refused(extraAfter(insert, "DROP TABLE users;"), "not_a_dump", /COMMIT/);
  await refused(text.replace("COMMIT;\n", "ROLLBACK;\n"), "not_a_dump", /COMMIT/);
  // A second COPY block after the first one's end of rows, resealed as if part of the body.
  const second = resealLines(text, (ls) => [...ls, COPY_LINE, ls[head + 1], END_OF_ROWS]);
  await refused(second, "not_a_dump", /checksum comment/);
  // Inside the rows an extra statement is a row that is not one.
  await refused(
    resealLines(text, (ls) => insertBefore(ls, END_OF_ROWS, "DROP TABLE users;")),
    "malformed_row",
    /expected 10 tab-separated fields/,
  );
});

Deno.test("readSqlDump(): a changed preamble is not a dump", async () => {
  const text = await dump(history(2));
  const changes: [string, string][] = [
    ["  id             uuid    NOT NULL UNIQUE,", "  id             text    NOT NULL,"],
    ["SET standard_conforming_strings = on;", "SET standard_conforming_strings = off;"],
    ["BEGIN;", "BEGIN ISOLATION LEVEL READ COMMITTED;"],
    ["  UNIQUE (stream, version)", "  UNIQUE (stream, version), CHECK (true)"],
    [COPY_LINE, COPY_LINE.replace("FROM stdin", "FROM stdin WITH (FORMAT csv)")],
  ];
  for (const [from, to] of changes) {
    assert.ok(DUMP_PREAMBLE.split("\n").includes(from) || from === COPY_LINE, from);
    const forged = resealLines(text, (ls) => ls.map((l) => l === from ? to : l));
    await refused(forged, "not_a_dump", /differs from what Kopek writes/, lineOf(text, from));
  }
  // A line of the preamble removed.
  const removed = resealLines(text, (ls) => ls.filter((l) => !l.startsWith("  checksum")));
  await refused(removed, "not_a_dump", /differs/);
  // The title may be any text, but one line.
  const title = resealLines(text, (ls) => [ls[0], "-- another title, 日本", ...ls.slice(2)]);
  assert.equal((await collectSqlDump(title)).events, 2);
  await refused(resealLines(text, (ls) => [ls[0], "--x", ...ls.slice(2)]), "not_a_dump", /title/);
});

Deno.test("readSqlDump(): a line longer than the bound is refused as it arrives, naming it", async () => {
  const events = history(3, 1, (i) => ({ blob: "x".repeat(i === 1 ? 2000 : 10) }));
  const text = await dump(events);
  const rowLine = lineOf(text, COPY_LINE) + 2;
  await assert.rejects(() => readChunks(new TextEncoder().encode(text), [], 1000), (e) => {
    assert.ok(e instanceof DumpError);
    assert.equal(e.fault, "not_a_dump");
    assert.equal(e.line, rowLine);
    assert.match(e.message, /longer than 1000 bytes/);
    return true;
  });
  // The default bound is 1 MiB: a 1.5 MiB row is refused, without a newline too.
  const huge = await dumpOf([{
    stream: "group-0",
    id: "00000000-0000-4000-8000-000000000001",
    type: "T",
    schemaVersion: 1,
    data: { blob: "y".repeat(1_500_000) },
    metadata: {},
  }]);
  await refused(huge, "not_a_dump", /longer than 1048576 bytes/);
  await refused("-- " + "z".repeat(2_000_000), "not_a_dump", /line 1 is longer/);
});

Deno.test("readSqlDump(): a dump cut anywhere is refused", async () => {
  const text = await dump(history(3, 2));
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at++) {
    await assert.rejects(() => collectSqlDump(bytes.subarray(0, at)), (e) => {
      assert.ok(e instanceof DumpError, `cut at ${at}: ${e}`);
      return true;
    }, `cut at ${at}`);
  }
  assert.equal((await collectSqlDump(bytes)).events, 3);
});

Deno.test("readSqlDump(): a resealed dump with events reordered, removed or changed breaks the hash chain", async () => {
  const text = await dump(history(6));
  const rows = (edit: (r: string[]) => string[]) =>
    resealLines(text, (ls) => {
      const from = ls.indexOf(COPY_LINE) + 1;
      const to = ls.indexOf(END_OF_ROWS);
      return [...ls.slice(0, from), ...edit(ls.slice(from, to)), ...ls.slice(to)];
    });
  await refused(
    rows((r) => [r[0], r[2], r[1], ...r.slice(3)]),
    "broken_chain",
    /position 3 .*version gap/,
  );
  await refused(
    rows((r) => [...r.slice(0, 3), ...r.slice(4)]),
    "broken_chain",
    /position 5 .*version gap/,
  );
  await refused(rows((r) => r.slice(1)), "broken_chain", /position 2/);
  await refused(
    rows((r) => r.map((row, i) => i === 3 ? row.replace('{"i":3}', '{"i":4}') : row)),
    "broken_chain",
    /position 4 .*hash mismatch/,
  );
  // Recomputing the chain too makes it a valid dump of another history: the content checks judge it.
  const forged = await resealEvents(text, (es) => es.slice(1));
  assert.equal((await collectSqlDump(forged)).events, 5);
});

Deno.test("readSqlDump(): a resealed dump with a malformed row or a wrong count is refused", async () => {
  const text = await dump(history(3));
  const rows = (edit: (r: string[]) => string[]) =>
    resealLines(text, (ls) => {
      const from = ls.indexOf(COPY_LINE) + 1;
      const to = ls.indexOf(END_OF_ROWS);
      return [...ls.slice(0, from), ...edit(ls.slice(from, to)), ...ls.slice(to)];
    });
  await refused(rows((r) => [...r, "1\t2"]), "malformed_row", /expected 10 tab-separated fields/);
  await refused(
    rows((r) => r.map((row) => row.replace(/^1\t/, "x\t"))),
    "malformed_row",
    /position/,
  );
  await refused(
    rows((r) => r.map((row) => row.replace(/^1\t/, "0\t"))),
    "malformed_row",
    /position/,
  );
  await refused(
    rows((r) => r.map((row) => row.replace('{"i":0}', '{ "i": 0 }'))),
    "malformed_row",
    /data is not JSON as Kopek writes it/,
  );
  await refused(
    rows((r) => r.map((row) => row.replace('{"i":0}', '{"i":0,"i":0}'))),
    "malformed_row",
    /as Kopek writes it/,
  );
  await refused(
    rows((r) => r.map((row) => row.replace("\\N", "\\x41"))),
    "malformed_row",
    /escape/,
  );
  // A lone surrogate has no canonical JSON (and no UTF-8): the row cannot be hashed, not a crash.
  await refused(
    rows((r) => r.map((row) => row.replace('{"i":0}', '{"i":"\\\\ud800"}'))),
    "malformed_row",
    /canonical JSON/,
  );
  const wrongCount = text.replace(/, 3, 'sha256/, ", 4, 'sha256");
  await refused(wrongCount, "count_mismatch", /says 4 events but holds 3/);
  const hugeCount = text.replace(/, 3, 'sha256/, ", 99999999999999999999, 'sha256");
  await refused(hugeCount, "count_mismatch");
});

Deno.test("collectSqlDump() and readSqlDump() agree, and a verified dump's figures are the trailer's", async () => {
  const events = history(7, 3);
  const text = await dump(events);
  const collected = await collectSqlDump(text);
  const streamed = await readChunks(new TextEncoder().encode(text), [5, 500, 1500]);
  assert.deepEqual(collected.list, streamed.events);
  const { list: _, ...verdict } = collected;
  assert.deepEqual(verdict satisfies VerifiedDump, streamed.verified);
  // dumpOf() of the same plain events writes the same rows.
  const again = await collectSqlDump(await dumpOf(plain(events)));
  assert.deepEqual(again.list.map((e) => e.hash), events.map((e) => e.hash));
});

Deno.test("readSqlDump(): every text forgery of dump/testing is refused with its fault", async () => {
  const text = await dump(history(6, 2));
  for (const forgery of TEXT_FORGERIES) {
    for (let pick = 0; pick < 40; pick += 7) {
      await refused(forgery.forge(text, pick), forgery.fault, undefined);
    }
  }
});
