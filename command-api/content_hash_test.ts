import assert from "node:assert/strict";
import { contentHash } from "./content_hash.ts";

Deno.test("contentHash() is the same for the same JSON in any key order, and differs otherwise", () => {
  assert.equal(contentHash({ a: 1, b: [1, 2] }), contentHash({ b: [1, 2], a: 1 }));
  assert.notEqual(contentHash({ a: 1 }), contentHash({ a: 2 }));
  assert.match(contentHash(undefined), /^[0-9a-f]{64}$/);
});
