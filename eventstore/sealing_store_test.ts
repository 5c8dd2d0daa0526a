import assert from "node:assert/strict";
import { createMemoryKeyVault } from "./key_vault.ts";
import type { AppendRequest, EventStore, NewEvent, StoredEvent } from "./port.ts";
import { type SealingRules, sealPersonalData } from "./sealing_store.ts";

/** A store that keeps appended events in an array (only what the sealing uses). */
function arrayStore(): EventStore & { rows: StoredEvent[] } {
  const rows: StoredEvent[] = [];
  const unused = () => Promise.reject(new Error("not in this fake"));
  return {
    rows,
    append(requests) {
      const list = (Array.isArray(requests) ? requests : [requests]) as AppendRequest[];
      const events = list.flatMap((r) =>
        r.events.map((e: NewEvent) => {
          const version = rows.filter((x) => x.stream === r.stream).length + 1;
          const stored = {
            ...structuredClone(e),
            stream: r.stream,
            version,
            position: rows.length + 1,
            txId: "1",
            hash: "h",
            prevHash: null,
          };
          rows.push(stored);
          return stored;
        })
      );
      return Promise.resolve({ events, position: rows.length, streams: [], duplicate: false });
    },
    readStream: (stream) =>
      Promise.resolve(structuredClone(rows.filter((r) => r.stream === stream))),
    streamVersion: unused,
    readAll: unused,
    cursorOf: unused,
    headPosition: unused,
    streams: unused,
    idempotentResult: unused,
  };
}

const RULES: SealingRules = {
  Registered: {
    fields: ["email", "name"],
    plainVersion: 1,
    sealedVersion: 2,
    owner: (stream) => stream.slice("user-".length),
  },
};
const U = "0190a000-0000-7000-8000-000000000001";

function event(id: string, data: unknown, schemaVersion = 1): NewEvent {
  return {
    id,
    type: "Registered",
    schemaVersion,
    data,
    metadata: { actor: U, commandId: id, at: "" },
  };
}

Deno.test("personal fields are stored sealed, read as written, and erased with the key", async () => {
  const raw = arrayStore();
  const keys = createMemoryKeyVault();
  const store = sealPersonalData(raw, RULES, keys);
  const data = { userId: U, email: "ada@example.com", name: "Ada" };
  const appended = await store.append({
    stream: `user-${U}`,
    expectedVersion: 0,
    events: [event("e1", data)],
  });
  assert.deepEqual(appended.events[0].data, data);
  assert.equal(raw.rows[0].schemaVersion, 2);
  // Not `includes("ada")`: the box's base64 holds any three letters now and then (1 run in ~2,500).
  const stored = JSON.stringify(raw.rows[0].data);
  assert.equal(stored.includes("ada@example.com"), false, stored);
  assert.equal(stored.includes('"Ada"'), false, stored);
  assert.deepEqual(Object.keys(raw.rows[0].data as object).sort(), ["sealed", "userId"]);

  const [read] = await store.readStream(`user-${U}`);
  assert.deepEqual([read.schemaVersion, read.data], [1, data]);

  await keys.forget(U);
  const [erased] = await store.readStream(`user-${U}`);
  assert.deepEqual([erased.schemaVersion, erased.data], [1, { userId: U, email: "", name: "" }]);
});

Deno.test("events stored plain (before sealing) and other types are read as they are", async () => {
  const raw = arrayStore();
  const store = sealPersonalData(raw, RULES, createMemoryKeyVault());
  await raw.append({
    stream: `user-${U}`,
    expectedVersion: 0,
    events: [event("old", { userId: U, email: "old@example.com", name: "Old" }), {
      ...event("x", { other: "kept" }),
      type: "Other",
    }],
  });
  const read = await store.readStream(`user-${U}`);
  assert.deepEqual(read.map((e) => e.data), [
    { userId: U, email: "old@example.com", name: "Old" },
    { other: "kept" },
  ]);
});

Deno.test("a changed box, or one moved to another event, is refused", async () => {
  const raw = arrayStore();
  const store = sealPersonalData(raw, RULES, createMemoryKeyVault());
  await store.append({
    stream: `user-${U}`,
    expectedVersion: 0,
    events: [
      event("e1", { email: "a@b.c", name: "A" }),
      event("e2", { email: "d@e.f", name: "D" }),
    ],
  });
  const [first, second] = raw.rows;
  (first.data as { sealed: unknown }).sealed = (second.data as { sealed: unknown }).sealed;
  await assert.rejects(store.readStream(`user-${U}`), /changed/);
});

Deno.test("wrapping twice seals once; a store without keys is left as it is", () => {
  const raw = arrayStore();
  const once = sealPersonalData(raw, RULES, createMemoryKeyVault());
  assert.equal(sealPersonalData(once, RULES), once);
  assert.equal(sealPersonalData(raw, RULES), raw);
});
