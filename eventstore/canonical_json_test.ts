import assert from "node:assert/strict";
import canonicalize from "canonicalize";
import fc from "fast-check";
import { canonicalJson, MAX_FAST_DEPTH } from "./canonical_json.ts";

/** The package's answer or its error's class and message. */
function reference(value: unknown): string | undefined | { error: string } {
  try {
    return canonicalize(value);
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function ours(value: unknown): string | undefined | { error: string } {
  try {
    return canonicalJson(value);
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

const units = ["grapheme", "binary", "binary-ascii"] as const;

Deno.test("canonicalJson() writes what canonicalize writes, for any JSON value", () => {
  for (const stringUnit of units) {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit, maxDepth: 6 }), (v) => {
        assert.deepEqual(ours(v), reference(v));
      }),
      { numRuns: 400 },
    );
  }
});

Deno.test("canonicalJson() writes or refuses what canonicalize does, for any JS value", () => {
  fc.assert(
    fc.property(
      fc.anything({
        maxDepth: 5,
        withBoxedValues: true,
        withMap: true,
        withSet: true,
        withDate: true,
        withTypedArray: true,
        withSparseArray: true,
        withNullPrototype: true,
        withObjectString: true,
        withBigInt: true,
        withUnicodeString: true,
      }),
      (v) => {
        assert.deepEqual(ours(v), reference(v));
      },
    ),
    { numRuns: 1000 },
  );
});

Deno.test("canonicalJson() agrees on the edge cases: numbers, keys, escapes, absent values", () => {
  const cases: unknown[] = [
    { "10": 1, "9": 2, "": 3, "a": 4, "B": 5, "é": 6, "\ud83d\ude00": 7, "\ue000": 8 },
    [-0, 0, 1e21, 1e-7, 0.1, 5e-324, 1.7976931348623157e308, 123456789012345680000],
    ['\u0000\u001f\u007f\u2028\u2029"\\/', "\ud800", "a\udc00b", "\ud83d\ude00"],
    { a: undefined, b: () => 1, c: Symbol("s"), d: null, e: [undefined, () => 1] },
    [NaN],
    { n: Infinity },
    { big: 1n },
    { d: new Date(0) },
    { toJSON: () => ({ x: 1 }) },
    { b: new Number(1), s: new String("s"), t: new Boolean(false) },
    Object.assign(Object.create(null), { z: 1, a: 2 }),
    new Map([[1, 2]]),
    undefined,
    "top",
    42,
  ];
  cases.forEach((v, i) => assert.deepEqual(ours(v), reference(v), `case ${i}`));
});

Deno.test("canonicalJson() hands deep and circular values to the package", () => {
  let deep: unknown = "leaf";
  for (let i = 0; i < MAX_FAST_DEPTH * 4; i++) deep = i % 2 ? [deep] : { k: deep };
  assert.equal(canonicalJson(deep), canonicalize(deep));
  const loop: Record<string, unknown> = { a: 1 };
  loop.self = { back: loop };
  assert.deepEqual(ours(loop), reference(loop));
  assert.ok(typeof ours(loop) === "object");
});
