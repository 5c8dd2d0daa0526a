import assert from "node:assert/strict";
import fc from "fast-check";
import { jsonbStyle } from "../_jsonb_style_testing.ts";
import { escapeCopyField } from "./copy_text.ts";
import { ByteSink, writeStringifiedJsonb } from "./_stringified_jsonb.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The field written from `text`'s bytes, or null when declined (the sink then unchanged). */
function field(text: string): string | null {
  const sink = new ByteSink(8);
  sink.write(encoder.encode("x"));
  const sure = writeStringifiedJsonb(encoder.encode(text), sink);
  const out = decoder.decode(sink.bytes.subarray(0, sink.length));
  if (!sure) {
    assert.equal(out, "x");
    return null;
  }
  return out.slice(1);
}

const reference = (text: string) => escapeCopyField(JSON.stringify(JSON.parse(text)));

Deno.test("writeStringifiedJsonb() writes the COPY field of JSON.stringify(JSON.parse(text)) or declines", () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4, stringUnit: "binary" }), (v) => {
      for (const text of [jsonbStyle(v), JSON.stringify(v)]) {
        const out = field(text);
        if (out !== null) assert.equal(out, reference(text), text);
      }
    }),
    { numRuns: 500 },
  );
});

Deno.test("writeStringifiedJsonb() takes jsonb's shape and the escapes JSON.stringify writes alike", () => {
  const taken = [
    '{"a": 1, "bb": [1.5, -2, 0.000001, true, false, null], "ccc": {}}',
    '[[], {}, "", "x"]',
    '{"s": "quote \\" backslash \\\\ tab \\t nl \\n cr \\r bs \\b ff \\f bell \\u0007 us \\u001f"}',
    '{"é": "😀 \u2028 \u007f é", "": 0, "-1": 1, "1a": 2}',
    '"top"',
    "12.25",
  ];
  for (const text of taken) assert.equal(field(text), reference(text), text);
  assert.equal(field('{"a": "x\\"y"}'), '{"a":"x\\\\"y"}');
});

Deno.test("writeStringifiedJsonb() declines what it is not sure of", () => {
  const declined = [
    '{"1": "one"}', // an array index: V8 puts it first
    '{"a": 1, "10": 2}',
    '{"a": {"0": 1}}',
    "[1e21]",
    "[1.0]",
    "[-0]",
    "[0.0000001]",
    "[1234567890123456789]",
    '["\\u00e9"]', // jsonb never writes this; JSON.stringify writes the character
    '["\\u000a"]', // JSON.stringify writes \n
    '["\\u001F"]',
    '["\\/"]',
    '{"a":1}', // not jsonb's shape
    "[1,2]",
    "[ 1]",
    "[".repeat(65) + "]".repeat(65),
    "[1]]",
    "[nul]",
    '["open',
  ];
  for (const text of declined) assert.equal(field(text), null, text);
  assert.notEqual(field("[".repeat(64) + "]".repeat(64)), null);
});
