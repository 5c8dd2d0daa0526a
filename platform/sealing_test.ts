import assert from "node:assert/strict";
import { isSealed, newDataKey, open, seal } from "./sealing.ts";

Deno.test("a sealed text opens with its key and context", async () => {
  const key = newDataKey();
  const box = await seal(key, "ada@example.com", "event-1");
  assert.equal(isSealed(box), true);
  assert.equal(box.includes("ada@example.com"), false); // not "ada": base64 holds it now and then
  assert.equal(await open(key, box, "event-1"), "ada@example.com");
});

Deno.test("the same text seals differently each time", async () => {
  const key = newDataKey();
  const a = await seal(key, "Ada", "e");
  const b = await seal(key, "Ada", "e");
  assert.equal(a === b, false);
});

Deno.test("a deleted key or another key reads as erased", async () => {
  const box = await seal(newDataKey(), "Ada", "e");
  assert.equal(await open(null, box, "e"), null);
  assert.equal(await open(newDataKey(), box, "e"), null);
});

Deno.test("a changed box is refused", async () => {
  const key = newDataKey();
  const box = await seal(key, "Ada Lovelace", "e");
  const [tag, id, body] = box.split(".");
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  bytes[bytes.length - 20] ^= 1;
  const changed = `${tag}.${id}.${btoa(String.fromCharCode(...bytes))}`;
  await assert.rejects(open(key, changed, "e"), /changed/);
});

Deno.test("a box moved to another context is refused", async () => {
  const key = newDataKey();
  const box = await seal(key, "Ada", "event-1");
  await assert.rejects(open(key, box, "event-2"), /changed/);
});

Deno.test("a key of the wrong size is refused", async () => {
  await assert.rejects(seal(new Uint8Array(16), "x", "e"), /32 bytes/);
});
