import assert from "node:assert/strict";
import { createFileTokens } from "./file_token.ts";

const SECRET = "a-jwt-secret-of-at-least-32-characters!";
const GRANT = {
  key: "attachments/g/a/abc",
  contentType: "image/jpeg",
  fileName: "receipt.jpg",
  disposition: "inline" as const,
};

Deno.test("file tokens: a token gives its grant until it expires", async () => {
  const tokens = createFileTokens(SECRET);
  const token = await tokens.sign(GRANT, new Date(Date.now() + 300_000));
  assert.deepEqual((await tokens.verify(token))?.grant, GRANT);
});

Deno.test("file tokens: an expired, altered or foreign token is refused", async () => {
  const tokens = createFileTokens(SECRET);
  const expired = await tokens.sign(GRANT, new Date(Date.now() - 60_000));
  assert.equal(await tokens.verify(expired), null);
  const token = await tokens.sign(GRANT, new Date(Date.now() + 300_000));
  const [h, p, s] = token.split(".");
  const other = btoa(
    JSON.stringify({ k: "attachments/other", t: "image/jpeg", n: "x", d: "inline" }),
  )
    .replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  assert.equal(await tokens.verify(`${h}.${other}.${s}`), null);
  assert.equal(await tokens.verify(`${h}.${p}.${s.slice(0, -2)}xx`), null);
  const foreign = createFileTokens(`${SECRET}-other`);
  assert.equal(await foreign.verify(token), null);
});
