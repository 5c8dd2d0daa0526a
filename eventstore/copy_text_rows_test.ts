import assert from "node:assert/strict";
import fc from "fast-check";
import { CopyFormatError, CopyTextRows, unescapeCopyBytes } from "./copy_text_rows.ts";
import { escapeCopyField } from "./dump/copy_text.ts";

const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s);
const unescape = (s: string) => new TextDecoder().decode(unescapeCopyBytes(bytes(s)));

/** Every row of a COPY text, each as its fields' strings (null for `\N`). */
function rowsOf(text: string, columns: number): (string | null)[][] {
  const rows = new CopyTextRows(columns).reset(bytes(text));
  const out: (string | null)[][] = [];
  while (rows.next()) out.push(Array.from({ length: columns }, (_, i) => rows.text(i)));
  return out;
}

Deno.test("CopyTextRows splits rows on newlines and fields on tabs", () => {
  assert.deepEqual(rowsOf('1\ta\t{"k": 1}\n22\tbb\t[]\n', 3), [
    ["1", "a", '{"k": 1}'],
    ["22", "bb", "[]"],
  ]);
  assert.deepEqual(rowsOf("", 3), []);
  assert.deepEqual(rowsOf("\t\t\n", 3), [["", "", ""]]);
});

Deno.test("CopyTextRows reads \\N alone as null, and \\N inside a field as N", () => {
  assert.deepEqual(rowsOf("\\N\tx\\N\t\\\\N\n", 3), [[null, "xN", "\\N"]]);
  const rows = new CopyTextRows(3).reset(bytes("\\N\tx\\N\t\\\\N\n"));
  assert.ok(rows.next());
  assert.deepEqual([rows.isNull(0), rows.isNull(1), rows.isNull(2)], [true, false, false]);
});

Deno.test("unescapeCopyBytes undoes every escape COPY reads", () => {
  assert.equal(unescape("\\b\\f\\n\\r\\t\\v\\\\"), "\b\f\n\r\t\v\\");
  // Octal: one to three digits, the byte's low eight bits.
  assert.equal(unescape("\\101\\60\\7x\\0"), "A0\u0007x\u0000");
  assert.equal(unescape("\\1011"), "A1");
  assert.deepEqual(unescapeCopyBytes(bytes("\\777")), new Uint8Array([0xff]));
  // Hex: x and one or two digits.
  assert.equal(unescape("\\x41\\x4a\\x4A\\x9z\\x"), "AJJ\tzx");
  assert.equal(unescape("\\x414"), "A4");
  // Any other character stands for itself.
  assert.equal(unescape('\\a\\"\\N\\.\\ \\é'), 'a"N. é');
  // Multi-byte UTF-8 around escapes is kept whole.
  assert.equal(unescape("é\\t😀\\\\ü"), "é\t😀\\ü");
  assert.throws(() => unescapeCopyBytes(bytes("ab\\")), CopyFormatError);
});

Deno.test("CopyTextRows marks the fields that hold a backslash", () => {
  const rows = new CopyTextRows(4).reset(bytes("a\tb\\tc\td\t\\N\nx\ty\tz\tw\n"));
  assert.ok(rows.next());
  assert.deepEqual([0, 1, 2, 3].map((i) => rows.escaped(i)), [false, true, false, true]);
  assert.equal(rows.escapedMask(), 0b1010);
  assert.equal(rows.text(1), "b\tc");
  assert.ok(rows.next());
  assert.equal(rows.escapedMask(), 0);
  assert.ok(!rows.next());
});

Deno.test("CopyTextRows refuses rows with too few or too many fields, or without their end", () => {
  const parse = (text: string) => {
    const rows = new CopyTextRows(3).reset(bytes(text));
    while (rows.next());
  };
  assert.throws(() => parse("a\tb\n"), CopyFormatError);
  assert.throws(() => parse("a\tb\tc\td\n"), CopyFormatError);
  assert.throws(() => parse("a\tb\tc"), CopyFormatError);
  assert.throws(() => parse("a\tb\tc\na\tb\n"), CopyFormatError);
  assert.throws(() => new CopyTextRows(0), RangeError);
  // Only the bytes up to the length given are read.
  const rows = new CopyTextRows(1).reset(bytes("a\nb\n"), 2);
  assert.ok(rows.next());
  assert.ok(!rows.next());
});

Deno.test("CopyTextRows reads back any fields written in COPY text (property)", () => {
  const field = fc.oneof(
    fc.constant(null),
    fc.string({ unit: "binary" }).map((s) => s.replaceAll("\0", "")),
    fc.string({ unit: fc.constantFrom("\\", "\t", "\n", "\r", "N", "a", "é", "\b", "\v") }),
  );
  fc.assert(
    fc.property(
      fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { maxLength: 5 }),
      (rows) => {
        // escapeCopyField writes \\, \t, \n and \r; PostgreSQL also writes \b, \f and \v.
        const write = (v: string | null) =>
          v === null ? "\\N" : escapeCopyField(v).replaceAll("\b", "\\b").replaceAll("\f", "\\f")
            .replaceAll("\v", "\\v");
        const text = rows.map((r) => r.map(write).join("\t") + "\n").join("");
        // A lone surrogate does not survive UTF-8: compare with what it encodes to.
        const wellFormed = rows.map((r) => r.map((v) => v === null ? null : v.toWellFormed()));
        assert.deepEqual(rowsOf(text, 3), wellFormed);
      },
    ),
  );
});
