/**
 * Test kit: JSON written in the shape PostgreSQL's jsonb prints it, for the
 * tests of the text path (`jsonb_text.ts`) that do not run a server.
 *
 * @module
 */
import fc from "fast-check";

/** JSON in jsonb's output shape: keys by length then code point, ", " and ": " between tokens. */
export function jsonbStyle(v: unknown): string {
  if (Array.isArray(v)) return "[" + v.map(jsonbStyle).join(", ") + "]";
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return "{" +
      keys.map((k) => JSON.stringify(k) + ": " + jsonbStyle((v as Record<string, unknown>)[k]))
        .join(", ") +
      "}";
  }
  return JSON.stringify(v);
}

/** JSON values jsonb rewrites or escapes: integer-like and unicode keys, odd numbers, escapes. */
export const AWKWARD_JSON: readonly unknown[] = [
  { "1": "one", "10": "ten", "-1": "minus", "01": "zero one", "a": 1, "bb": 2, "é": 3 },
  { n: [0, -0, 1.5, 1e21, 1e-7, 0.000001, 123456789012345680000, 0.30000000000000004] },
  { s: 'quote " backslash \\ tab \t nl \n cr \r bell \u0007 \u001f emoji 😀 \u2028 é \u007f' },
  { "a b": 1, "a": 2, "a!": 3, "": 4, "\uffff": 5, "😀": 6, "a\tb": 7, "\\": 8 },
  [[], {}, [{}], null, true, false, "", "x", "\\"],
  "top",
  -12.5,
  { deep: JSON.parse("[".repeat(70) + "]".repeat(70)) },
];

/**
 * True when some object in `v` has a key that ends in a backslash. V8 (Deno 2.7 to 2.9.6 at
 * least) then parses, in the same process and later, a key written as the same prefix plus one
 * escape as that key: after `JSON.parse('{"x":1,"\\\\":2}')`, `JSON.parse('{"x":1,"\\n":2}')`
 * has the keys `x` and `\` (Node 20 gives `\n`). Every side of a test through PostgreSQL goes
 * through `JSON.parse` at a different moment, so such a value would fail it for the engine's
 * sake. Kopek's events cannot hold such keys (their schemas fix every key); ADR 0071 has the
 * details.
 */
function hasKeyEndingInBackslash(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasKeyEndingInBackslash);
  if (v === null || typeof v !== "object") return false;
  return Object.entries(v).some(([k, x]) => k.endsWith("\\") || hasKeyEndingInBackslash(x));
}

/**
 * {@linkcode AWKWARD_JSON} and 300 arbitrary JSON values drawn from `seed` (unicode, escapes),
 * as PostgreSQL's jsonb can store them (no NUL) and V8 reads them back alike.
 */
export function storableJsonValues(seed: number): unknown[] {
  return [
    ...AWKWARD_JSON,
    ...fc.sample(fc.jsonValue({ maxDepth: 4, stringUnit: "grapheme" }), { numRuns: 150, seed }),
    ...fc.sample(fc.jsonValue({ maxDepth: 3, stringUnit: "binary-ascii" }), {
      numRuns: 150,
      seed: seed + 1,
    }),
  ].filter((v) => !hasKeyEndingInBackslash(v)).map((v) => JSON.parse(JSON.stringify(v)))
    // PostgreSQL's text refuses NUL, which jsonb cannot hold either.
    .filter((v) => !JSON.stringify(v).includes("\\u0000"));
}
