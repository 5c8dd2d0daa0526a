import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { canonicalEventJson, eventHash, eventHashSync } from "./hash.ts";

const event = {
  id: "7d444840-9dc0-11d1-b245-5ffdce74fad2",
  stream: "group-1",
  version: 1,
  type: "expense.added",
  schemaVersion: 1,
  data: { z: [1, 1.5, "é\u2028"], a: null, n: 1e21 },
  metadata: { commandId: "c", at: "2024-05-01T10:00:00Z", actor: null },
};

Deno.test("canonicalEventJson() sorts keys and formats numbers per RFC 8785", () => {
  assert.equal(
    canonicalEventJson(event),
    '{"data":{"a":null,"n":1e+21,"z":[1,1.5,"é\u2028"]},"id":"7d444840-9dc0-11d1-b245-5ffdce74fad2",' +
      '"metadata":{"actor":null,"at":"2024-05-01T10:00:00Z","commandId":"c"},"schemaVersion":1,' +
      '"stream":"group-1","type":"expense.added","version":1}',
  );
});

Deno.test("eventHash() is sha256 of the previous hash and the canonical event", async () => {
  const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
  const first = await eventHash(null, event);
  assert.equal(first, sha(canonicalEventJson(event)));
  assert.equal(await eventHash("", event), first);
  const second = { ...event, version: 2, data: { x: 1 } };
  assert.equal(await eventHash(first, second), sha(first + canonicalEventJson(second)));
});

Deno.test("eventHash() ignores key order and changes with any field", async () => {
  const reordered = { ...event, data: { n: 1e21, a: null, z: [1, 1.5, "é\u2028"] } };
  assert.equal(await eventHash(null, reordered), await eventHash(null, event));
  assert.notEqual(await eventHash(null, { ...event, type: "x" }), await eventHash(null, event));
});

Deno.test("eventHashSync() equals eventHash()", async () => {
  assert.equal(eventHashSync(null, event), await eventHash(null, event));
  assert.equal(eventHashSync("ab", event), await eventHash("ab", event));
});
