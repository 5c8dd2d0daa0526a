import assert from "node:assert/strict";
import { copyStatement, parseRow, unescape } from "./_copy_reads.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("unescape: a field without a backslash is its own view", () => {
  const f = bytes('{"a": 1}');
  assert.deepEqual(unescape(f), f);
  assert.deepEqual(unescape(f).buffer, f.buffer);
});

Deno.test("unescape: COPY's escapes, as PostgreSQL writes and reads them", () => {
  assert.deepEqual(text(unescape(bytes(String.raw`{"a": "x\\ny"}`))), String.raw`{"a": "x\ny"}`);
  assert.deepEqual(text(unescape(bytes(String.raw`a\tb\nc\rd\be\ff\vg`))), "a\tb\nc\rd\be\ff\vg");
  assert.deepEqual(text(unescape(bytes(String.raw`\101\x42\x4a3`))), "ABJ3");
  assert.deepEqual(text(unescape(bytes(String.raw`\q`))), "q");
});

Deno.test("unescape: \\N alone is NULL, and parseRow reads it as a null previous hash", () => {
  assert.deepEqual(unescape(bytes(String.raw`\N`)).length, 0);
  const row = bytes(
    [
      "7",
      "0b7e2c43-96f1-4b7e-9c1a-6f1f1f1f1f1f",
      "1",
      "ExpenseRecorded",
      "2",
      '{"a": "tab\\there"}',
      '{"at": "2026-12-06T00:00:00Z"}',
      "ab".repeat(32),
      String.raw`\N`,
    ].join("\t"),
  );
  const e = parseRow(row, 0, row.length, "group-1");
  assert.deepEqual(e.position, 7);
  assert.deepEqual(e.version, 1);
  assert.deepEqual(e.schemaVersion, 2);
  assert.deepEqual(e.type, "ExpenseRecorded");
  assert.deepEqual(e.stream, "group-1");
  assert.deepEqual(text(e.dataBytes), '{"a": "tab\there"}');
  assert.deepEqual(e.prevHash, null);
  assert.deepEqual(e.hash, "ab".repeat(32));
});

Deno.test("parseRow: a row with too few fields or a malformed integer is refused", () => {
  const short = bytes("1\t2\t3");
  assert.throws(() => parseRow(short, 0, short.length, "s"), /too few fields/);
  const bad = bytes(["x", "id", "1", "T", "1", "{}", "{}", "h", "p"].join("\t"));
  assert.throws(() => parseRow(bad, 0, bad.length, "s"), /malformed/);
});

Deno.test("copyStatement: the stream is quoted as a literal and the bounds checked", () => {
  const s = copyStatement("it's\\x", { afterVersion: 0, throughVersion: 10 });
  assert.equal(s.includes(String.raw`E'it''s\\x'`), true);
  const page = copyStatement("g", { afterVersion: 7, throughVersion: 17, untilPosition: 42 });
  assert.deepEqual(
    [page.includes("version > 7"), page.includes("version <= 17"), page.includes("position <= 42")],
    [true, true, true],
  );
  const bad = [
    { afterVersion: 0, throughVersion: 10, untilPosition: 1.5 },
    { afterVersion: -1, throughVersion: 10 },
    { afterVersion: 0, throughVersion: NaN },
  ];
  for (const b of bad) assert.throws(() => copyStatement("g", b), TypeError);
});
