import assert from "node:assert/strict";
import { createTokenIssuer } from "./jwt.ts";

const SECRET = "s".repeat(40);

Deno.test("createTokenIssuer() verifies its own tokens and names the user", async () => {
  const tokens = createTokenIssuer({ secret: SECRET });
  const { token, expiresAt } = await tokens.issue("user-1");
  assert.equal((await tokens.verify(token))?.userId, "user-1");
  assert.equal((await tokens.verify(token))?.userId, "user-1", "a second (cached) check agrees");
  assert.ok(expiresAt.getTime() > Date.now());
});

Deno.test("createTokenIssuer() refuses expired, foreign and altered tokens", async () => {
  let clock = new Date("2026-11-22T12:00:00Z");
  const tokens = createTokenIssuer({ secret: SECRET, lifetimeSeconds: 60, now: () => clock });
  const { token } = await tokens.issue("user-1");
  assert.equal((await tokens.verify(token))?.userId, "user-1");
  clock = new Date("2026-11-22T12:01:01Z");
  assert.equal(await tokens.verify(token), null, "expired, although verified before");

  const other = createTokenIssuer({ secret: "o".repeat(40), now: () => clock });
  const foreign = (await other.issue("user-2")).token;
  assert.equal(await tokens.verify(foreign), null);

  const fresh = (await tokens.issue("user-1")).token;
  const [h, p, sig] = fresh.split(".");
  const altered = JSON.parse(atob(p.replaceAll("-", "+").replaceAll("_", "/")));
  altered.sub = "user-3";
  const forged = `${h}.${btoa(JSON.stringify(altered)).replaceAll("=", "")}.${sig}`;
  assert.equal(await tokens.verify(forged), null);
  assert.equal(await tokens.verify("not a token"), null);
});

Deno.test("createTokenIssuer() says which service acts for the user", async () => {
  const tokens = createTokenIssuer({ secret: SECRET });
  const direct = await tokens.verify((await tokens.issue("user-1")).token);
  assert.deepEqual(direct, { userId: "user-1", via: null });
  const bot = await tokens.verify((await tokens.issue("user-1", { via: "telegram-bot" })).token);
  assert.deepEqual(bot, { userId: "user-1", via: "telegram-bot" });
});
