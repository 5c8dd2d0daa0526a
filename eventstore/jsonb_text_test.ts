import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalJson } from "./canonical_json.ts";
import { canonicalJsonOfText, isShortestNumber } from "./jsonb_text.ts";
import { jsonbStyle } from "./_jsonb_style_testing.ts";

/** What the driver's path gives: the parsed text through the canonical writer. */
function reference(text: string): string | { error: string } {
  try {
    return canonicalJson(JSON.parse(text)) ?? { error: "undefined" };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function ours(text: string): string | { error: string } {
  try {
    return canonicalJsonOfText(text);
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

const units = ["grapheme", "binary", "binary-ascii"] as const;
const writers = [
  jsonbStyle,
  (v: unknown) => JSON.stringify(v),
  (v: unknown) => JSON.stringify(v, null, 2),
];

Deno.test("canonicalJsonOfText() gives what the parsed text gives, for any JSON value", () => {
  for (const stringUnit of units) {
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

Deno.test("canonicalJsonOfText() agrees on numbers written any way", () => {
  const decimal = fc.tuple(
    fc.constantFrom("", "-"),
    fc.stringMatching(/^[0-9]{1,22}$/),
    fc.option(fc.stringMatching(/^[0-9]{1,22}$/)),
    fc.option(fc.tuple(fc.constantFrom("e", "E", "e+", "e-"), fc.integer({ min: 0, max: 400 }))),
  ).map(([sign, whole, fraction, exp]) =>
    sign + whole + (fraction === null ? "" : "." + fraction) +
    (exp === null ? "" : exp[0] + exp[1])
  );
  fc.assert(
    fc.property(decimal, fc.double(), (token, d) => {
      for (const text of [token, `{"n": ${token}}`, `[${token}, 1]`, String(d)]) {
        assert.deepEqual(ours(text), reference(text), text);
      }
      if (isShortestNumber(token)) assert.equal("" + Number(token), token);
    }),
    { numRuns: 3000 },
  );
});

Deno.test("canonicalJsonOfText() agrees on keys, escapes and malformed texts", () => {
  const texts = [
    `{"b": 1, "a": 2, "aa": 3, "a b": 4, "a!": 5, "": 6}`,
    `{"2": 1, "10": 2, "1": 3, "-1": 4, "01": 5}`,
    `{"a": 1, "a": 2}`,
    `{"é": 1, "\u{1F600}": 2, "\uFFFF": 3, "z": 4}`,
    `{"a\\"b": "c\\\\d", "n": "\\n\\u0001\\u001f"}`,
    `"\\ud800"`,
    `{"__proto__": {"x": 1}, "constructor": null}`,
    `[0, -0, 0.0, 1.50, 1e21, 100000000000000000000, 0.000001, 0.0000001, 123456789012345678]`,
    `[true, false, null, [], {}, [[]], {"a": {}}]`,
    `{"a": 1,}`,
    `[1 2]`,
    `{"a" 1}`,
    `nul`,
    ``,
    `{"a": "tab\there"}`,
    `  {"a": [1, 2]}  `,
    `{"a": 1} x`,
    "[".repeat(70) + "]".repeat(70),
  ];
  for (const text of texts) assert.deepEqual(ours(text), reference(text), text);
});
