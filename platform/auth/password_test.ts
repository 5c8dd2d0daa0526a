import assert from "node:assert/strict";
import { hashPassword, verifyPassword } from "./password.ts";

const CHEAP = { memoryKiB: 1024, iterations: 1 };

Deno.test("hashPassword() makes salted Argon2id hashes that verifyPassword() accepts", async () => {
  const a = await hashPassword("correct horse battery staple", CHEAP);
  const b = await hashPassword("correct horse battery staple", CHEAP);
  assert.match(a, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  assert.notEqual(a, b, "salted");
  assert.equal(await verifyPassword("correct horse battery staple", a), true);
  assert.equal(await verifyPassword("correct horse battery stapler", a), false);
  assert.equal(await verifyPassword("anything", "not a hash"), false);
});
