import assert from "node:assert/strict";
import { fromKept, toKept } from "./kept_answer.ts";

Deno.test("an answer is kept as {status, body, headers} and read back as it was", () => {
  const created = { created: true, body: { id: "x", version: 1 }, etag: 1 };
  assert.deepEqual(toKept(created), {
    status: 201,
    body: { id: "x", version: 1 },
    headers: { ETag: '"1"' },
  });
  assert.deepEqual(fromKept(toKept(created)), created);
  const changed = { created: false, body: { id: "y" }, etag: null };
  assert.deepEqual(toKept(changed), { status: 200, body: { id: "y" } });
  assert.deepEqual(fromKept(toKept(changed)), changed);
});

Deno.test("answers kept by older processes read as before", () => {
  // As `commands.ts` kept them before answers were typed (ADR 0019).
  assert.deepEqual(
    fromKept(
      JSON.parse('{"status":200,"body":{"id":"m","version":4},"headers":{"ETag":"\\"4\\""}}'),
    ),
    { created: false, body: { id: "m", version: 4 }, etag: 4 },
  );
  assert.deepEqual(fromKept({ status: 201, body: { id: "g" } }), {
    created: true,
    body: { id: "g" },
    etag: null,
  });
});
