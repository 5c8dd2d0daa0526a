import assert from "node:assert/strict";
import { commandIdentity } from "./command_identity.ts";

const ANA = "0193a0a0-0000-7000-8000-00000000a0a0";
const BOB = "0193b0b0-0000-7000-8000-00000000b0b0";
const G = "0193c0c0-0000-7000-8000-00000000c0c0";
const fresh = () => "fresh-id";

const record = {
  type: "expense.record",
  groupId: G,
  targetId: null,
  body: { description: "Lunch", total: { amount: "12.00", currency: "EUR" } },
};

Deno.test("commandIdentity() keys a command by its actor, its type and its client id", () => {
  const a = commandIdentity({ ...record, commandId: "k-1" }, ANA, null, fresh);
  assert.equal(a.commandId, "expense.record:k-1");
  assert.equal(a.idempotency?.key, `${ANA}:expense.record:k-1`);
  // The same request again: the same identity.
  assert.deepEqual(commandIdentity({ ...record, commandId: "k-1" }, ANA, null, fresh), a);
  // The client's command id wins over the id of the entity it creates.
  assert.deepEqual(commandIdentity({ ...record, commandId: "k-1" }, ANA, "e-1", fresh), a);
  const byEntity = commandIdentity(record, ANA, "e-1", fresh);
  assert.equal(byEntity.idempotency?.key, `${ANA}:expense.record:e-1`);
  assert.equal(byEntity.commandId, "expense.record:e-1");
});

Deno.test("commandIdentity() gives two users the same id as two unrelated keys", () => {
  const a = commandIdentity({ ...record, commandId: "k-1" }, ANA, null, fresh);
  const b = commandIdentity({ ...record, commandId: "k-1" }, BOB, null, fresh);
  assert.equal(a.commandId, b.commandId);
  assert.notEqual(a.idempotency?.key, b.idempotency?.key);
  assert.ok(b.idempotency?.key.startsWith(`${BOB}:`));
  // A user cannot write into another's scope: the key starts with the actor, whatever the id.
  const forged = commandIdentity(
    { ...record, commandId: `${ANA}:expense.record:k-1` },
    BOB,
    null,
    fresh,
  );
  assert.notEqual(forged.idempotency?.key, a.idempotency?.key);
});

Deno.test("commandIdentity() digests the content, so that other content under one id is told apart", () => {
  const base = commandIdentity({ ...record, commandId: "k" }, ANA, null, fresh).idempotency!;
  const variants = [
    { ...record, body: { ...record.body, description: "Dinner" } },
    { ...record, groupId: BOB },
    { ...record, targetId: G },
    { ...record, ifMatch: 3 },
  ];
  for (const v of variants) {
    const other = commandIdentity({ ...v, commandId: "k" }, ANA, null, fresh).idempotency!;
    assert.equal(other.key, base.key);
    assert.notEqual(other.contentHash, base.contentHash, JSON.stringify(v));
  }
  // Key order in the body does not matter (canonical JSON).
  const reordered = commandIdentity(
    {
      ...record,
      body: { total: record.body.total, description: "Lunch" },
      commandId: "k",
    },
    ANA,
    null,
    fresh,
  );
  assert.equal(reordered.idempotency?.contentHash, base.contentHash);
});

Deno.test("commandIdentity() of a command without any id is a fresh command, not idempotent", () => {
  const none = commandIdentity({ ...record, type: "group.update" }, ANA, null, fresh);
  assert.deepEqual(none, { commandId: "fresh-id" });
});
