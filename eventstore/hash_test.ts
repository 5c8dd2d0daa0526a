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

/**
 * Hashes recorded with the code before ADR 0066 (the `canonicalize` package
 * alone): the chain's values must never change.
 */
const RECORDED = [
  {
    event: {
      id: "7d444840-9dc0-11d1-b245-5ffdce74fad2",
      stream: "group-1",
      version: 1,
      type: "GroupCreated",
      schemaVersion: 1,
      data: {
        name: "Trip to Łódź 🚆",
        currency: "PLN",
        members: [{ id: "m1", name: 'Ana "A" \\ B' }],
      },
      metadata: {
        actor: "u1",
        commandId: "c1",
        at: "2026-01-01T00:00:00.000Z",
        requestId: null,
        causationId: null,
      },
    },
    hash: "a082f9aa0d76104fa4cc3ec8aa476385728b2e4d48911757997375d5aac31645",
  },
  {
    event: {
      id: "7d444840-9dc0-11d1-b245-5ffdce74fad3",
      stream: "group-1",
      version: 2,
      type: "ExpenseRecorded",
      schemaVersion: 2,
      data: {
        z: [1, 1.5, -0, 1e21, 1e-7, 0.1, 123456789012345680000],
        a: null,
        b: true,
        c: false,
        "10": "ten",
        "9": "nine",
        "": "empty",
        tab: "a\tb\nc\r\u0001\u001f\u007f\u2028\u2029",
        nested: { deep: [[[{}]], []], "é": "é", "\ud83d\ude00": "grin" },
      },
      metadata: { actor: null, commandId: "c2", at: "2026-01-01T00:00:01.000Z" },
    },
    hash: "67c429b1031a8ef2a550f1d27bb552f8f5e43aa3a7248f61bd4930a22ac6caff",
  },
  {
    event: {
      id: "7d444840-9dc0-11d1-b245-5ffdce74fad4",
      stream: "group-1",
      version: 3,
      type: "ExpenseVoided",
      schemaVersion: 1,
      data: { expenseId: "e1", reason: "" },
      metadata: {},
    },
    hash: "f48b54dc5301fad15b75d7800a7920ff984e06e7c69d02528e23555369a64092",
  },
];

Deno.test("eventHashSync() and eventHash() give the recorded hashes of a fixed chain", async () => {
  let prev: string | null = null;
  for (const { event: e, hash } of RECORDED) {
    assert.equal(eventHashSync(prev, e), hash);
    assert.equal(await eventHash(prev, e), hash);
    prev = hash;
  }
});
