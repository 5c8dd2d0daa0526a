import assert from "node:assert/strict";
import fc from "fast-check";
import { compactJsonOfText } from "./jsonb_compact.ts";
import { jsonbStyle } from "./_jsonb_style_testing.ts";

function reference(text: string): string | { error: string } {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function ours(text: string): string | { error: string } {
  try {
    return compactJsonOfText(text);
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

const writers = [
  jsonbStyle,
  (v: unknown) => JSON.stringify(v),
  (v: unknown) => JSON.stringify(v, null, 2),
];

Deno.test("compactJsonOfText() is JSON.stringify(JSON.parse(text)), for any JSON value", () => {
  for (const stringUnit of ["grapheme", "binary", "binary-ascii"] as const) {
    for (const write of writers) {
      fc.assert(
        fc.property(fc.jsonValue({ stringUnit, maxDepth: 6 }), (v) => {
          const text = write(v);
          assert.deepEqual(ours(text), reference(text), text);
        }),
        { numRuns: 300 },
      );
    }
  }
});

Deno.test("compactJsonOfText() agrees on keys, numbers and malformed texts", () => {
  const keys = fc.dictionary(
    fc.oneof(fc.stringMatching(/^[0-9]{1,3}$/), fc.constantFrom("a", "b", "aa", "-1", "01", "")),
    fc.integer(),
  );
  fc.assert(
    fc.property(keys, (o) => {
      assert.deepEqual(ours(jsonbStyle(o)), reference(jsonbStyle(o)));
    }),
  );
  const texts = [
    `{"b": 1, "a": 2}`,
    `{"a": 1, "a": 2}`,
    `{"aa": 1, "b": 2}`,
    `{"1": 1, "a": 2}`,
    `{"a": 1, "10": 2}`,
    `[0, -0, 1.50, 1e21, 100000000000000000000, 0.000001, 0.0000001, 0.30000000000000004]`,
    `{"a": "x, y: z", "bb": [1, {"c": null}]}`,
    `{"a": 1,}`,
    `[1 2]`,
    `[1,  2]`,
    ``,
    "[".repeat(70) + "]".repeat(70),
  ];
  for (const text of texts) assert.deepEqual(ours(text), reference(text), text);
});
