import assert from "node:assert/strict";
import { codeDigest, createCodeMinter, normaliseCode } from "./codes.ts";
import { newRefreshToken, parseRefreshToken } from "./refresh_token.ts";

Deno.test("codes are 16 Crockford characters, read back forgivingly", () => {
  const minter = createCodeMinter("s".repeat(40));
  const code = minter.random();
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{16}$/);
  const typed = `${code.slice(0, 4)}-${code.slice(4, 8)} ${code.slice(8)}`.toLowerCase();
  assert.equal(normaliseCode(typed), code);
  assert.equal(normaliseCode("O0IL-1111-1111-1111"), "0011111111111111");
  assert.equal(normaliseCode("too short"), null);
  assert.equal(normaliseCode("UUUUUUUUUUUUUUUU"), null, "U is not in the alphabet");
  assert.equal(normaliseCode("x".repeat(1000)), null);
  assert.notEqual(minter.random(), code);
});

Deno.test("derived codes depend on the purpose, the id and the secret", async () => {
  const a = createCodeMinter("a".repeat(40));
  const b = createCodeMinter("b".repeat(40));
  const code = await a.derive("invite", "id-1");
  assert.equal(await a.derive("invite", "id-1"), code);
  assert.notEqual(await a.derive("invite", "id-2"), code);
  assert.notEqual(await a.derive("other", "id-1"), code);
  assert.notEqual(await b.derive("invite", "id-1"), code);
  assert.equal(normaliseCode(code), code);
  assert.match(codeDigest(code), /^[0-9a-f]{64}$/);
});

Deno.test("refresh tokens carry their session and hide their secret", () => {
  const session = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
  const { token, digest } = newRefreshToken(session);
  assert.deepEqual(parseRefreshToken(token), { sessionId: session, digest });
  assert.ok(!token.includes(digest));
  const altered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
  assert.notEqual(parseRefreshToken(altered)?.digest, digest);
  assert.equal(parseRefreshToken("nope"), null);
  assert.equal(parseRefreshToken(`${session}.short`), null);
});
