import assert from "node:assert/strict";
import fc from "fast-check";
import { iJsonFault } from "./_json.ts";

Deno.test("iJsonFault() finds a duplicate field with its path, escaped or not", () => {
  assert.deepEqual(iJsonFault('{"a":1,"a":2}'), { path: "a", message: 'duplicate field "a"' });
  assert.deepEqual(iJsonFault('{"x":[{"b":1},{"b":2, "\\u0062" : 3}]}'), {
    path: "x.1.b",
    message: 'duplicate field "b"',
  });
});

Deno.test("iJsonFault() finds a lone surrogate in a value or a name", () => {
  assert.deepEqual(iJsonFault('{"a":["ok","\\ud800"]}')?.path, "a.1");
  assert.deepEqual(iJsonFault('{"\\udc00":1}')?.path, "\udc00");
  assert.equal(iJsonFault('"\\ud83d\\ude00"'), null, "a surrogate pair is fine");
});

Deno.test("iJsonFault() accepts what JSON.stringify writes of well-formed data, however deep", () => {
  assert.equal(iJsonFault("[".repeat(100_000) + "]".repeat(100_000)), null);
  fc.assert(
    fc.property(
      fc.jsonValue({ stringUnit: "grapheme" }),
      (v) => iJsonFault(JSON.stringify(v)) === null,
    ),
  );
  fc.assert(fc.property(fc.json(), (text) => iJsonFault(text) === null));
});
