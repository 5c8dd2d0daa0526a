import assert from "node:assert/strict";
import { answerHeaders, answerStatus } from "./answer.ts";

Deno.test("an answer is 201 when it created something, else 200, with its version as ETag", () => {
  assert.equal(answerStatus({ created: true, body: {}, etag: null }), 201);
  assert.equal(answerStatus({ created: false, body: {}, etag: 3 }), 200);
  assert.deepEqual(answerHeaders({ created: false, body: {}, etag: 3 }), { ETag: '"3"' });
  assert.deepEqual(answerHeaders({ created: true, body: {}, etag: null }), {});
});
