import assert from "node:assert/strict";
import { v5 as uuidv5 } from "uuid";
import { messageIds } from "./update_ids.ts";

const SECRET = "s".repeat(32);
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("messageIds() is the same for the same message and secret, and differs for any other", () => {
  const idOf = messageIds(SECRET);
  const id = idOf(1000, 42, 7, "expense");
  assert.match(id, UUID_V8);
  assert.equal(idOf(1000, 42, 7, "expense"), id);
  // Another instance with the same secret (a restarted bot) derives the same id.
  assert.equal(messageIds(SECRET)(1000, 42, 7, "expense"), id);
  const others = [
    idOf(1001, 42, 7, "expense"),
    idOf(1000, 43, 7, "expense"),
    idOf(1000, 42, 8, "expense"),
    idOf(1000, 42, 7, "settlement"),
    idOf(1000, -42, 7, "expense"),
    // Fields cannot run into each other.
    idOf(1000, 427, 7, "expense"),
    idOf(10004, 2, 7, "expense"),
  ];
  assert.equal(new Set([id, ...others]).size, others.length + 1);
  for (const other of others) assert.match(other, UUID_V8);
});

Deno.test("messageIds() depends on the secret: public values alone do not give the id", () => {
  const id = messageIds(SECRET)(1000, 42, 7, "expense");
  assert.notEqual(messageIds("t".repeat(32))(1000, 42, 7, "expense"), id);
  assert.notEqual(messageIds(`${SECRET}x`)(1000, 42, 7, "expense"), id);
  // Not the UUIDv5 of the public values that bot ids used to be.
  const namespace = "6f4c7c1e-2f0b-4c55-9a43-3b1f1f7f0b6e";
  assert.notEqual(uuidv5("telegram:1000:42:7:expense", namespace), id);
});

Deno.test("messageIds() refuses a short secret", () => {
  assert.throws(() => messageIds("short"), TypeError);
});
