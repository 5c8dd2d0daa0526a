import assert from "node:assert/strict";
import fc from "fast-check";
import { escapeCopyField, unescapeCopyField } from "./copy_text.ts";

Deno.test("COPY fields round-trip any string, and null", () => {
  fc.assert(fc.property(fc.option(fc.string({ unit: "grapheme" })), (s) => {
    const escaped = escapeCopyField(s);
    assert.ok(!/[\t\n\r]/.test(escaped));
    assert.equal(unescapeCopyField(escaped), s);
  }));
});

Deno.test("COPY fields: the escapes PostgreSQL reads", () => {
  assert.equal(escapeCopyField('{"a":"x\\"y\\\\z"}\t\n'), '{"a":"x\\\\"y\\\\\\\\z"}\\t\\n');
  assert.equal(escapeCopyField(null), "\\N");
  assert.equal(escapeCopyField("\\N"), "\\\\N");
});

Deno.test("COPY fields: an escape Kopek never writes is refused", () => {
  assert.throws(() => unescapeCopyField("a\\x41"), /unexpected escape \\x/);
  assert.throws(() => unescapeCopyField("trailing\\"), /unexpected escape/);
});
