import assert from "node:assert/strict";
import { jsonLiteral } from "./_literal.ts";

Deno.test("jsonLiteral() doubles backslashes and quotes", () => {
  assert.equal(jsonLiteral(`{"a":"it's \\"x\\" \\\\"}`), `E'{"a":"it''s \\\\"x\\\\" \\\\\\\\"}'`);
  assert.equal(jsonLiteral("{}"), "E'{}'");
});

Deno.test("jsonLiteral() refuses NUL", () => {
  assert.throws(() => jsonLiteral("\0"), TypeError);
});
