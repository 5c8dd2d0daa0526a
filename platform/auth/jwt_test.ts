import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { CLOCK_SKEW_SECONDS, createTokenIssuer } from "./jwt.ts";

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
  clock = new Date(Date.parse("2026-11-22T12:01:01Z") + CLOCK_SKEW_SECONDS * 1000);
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
  assert.equal(direct?.userId, "user-1");
  assert.equal(direct?.via, null);
  const bot = await tokens.verify((await tokens.issue("user-1", { via: "telegram-bot" })).token);
  assert.equal(bot?.userId, "user-1");
  assert.equal(bot?.via, "telegram-bot");
});

/** The claims of a token, read without verifying it. */
function claims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1].replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(payload));
}

Deno.test("createTokenIssuer() names the token's session (sid) and expiry", async () => {
  const clock = new Date("2026-11-22T12:00:00Z");
  const tokens = createTokenIssuer({ secret: SECRET, lifetimeSeconds: 900, now: () => clock });
  const session = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
  const issued = await tokens.issue("user-1", { sessionId: session });
  assert.equal(claims(issued.token).sid, session);
  const principal = await tokens.verify(issued.token);
  assert.deepEqual(principal, {
    userId: "user-1",
    via: null,
    sessionId: session,
    // Its exp (12:15) and the tolerated skew.
    expiresAt: new Date(Date.parse("2026-11-22T12:15:00Z") + CLOCK_SKEW_SECONDS * 1000),
  });
  assert.deepEqual(await tokens.verify(issued.token), principal, "the cached check agrees");
  assert.equal(
    issued.expiresAt.getTime() + CLOCK_SKEW_SECONDS * 1000,
    principal?.expiresAt.getTime(),
  );

  // A service's token has no session: nothing but its expiry ends it.
  const bot = await tokens.issue("user-1", { via: "telegram-bot" });
  assert.equal("sid" in claims(bot.token), false);
  assert.equal((await tokens.verify(bot.token))?.sessionId, null);

  // The claim is signed: a token whose sid was swapped for another session's does not verify.
  const [h, , sig] = issued.token.split(".");
  const forged = { ...claims(issued.token), sid: "0193a1b2-c3d4-7e5f-8a9b-000000000000" };
  const body = btoa(JSON.stringify(forged)).replaceAll("=", "").replaceAll("+", "-")
    .replaceAll("/", "_");
  assert.equal(await tokens.verify(`${h}.${body}.${sig}`), null);
});

Deno.test("createTokenIssuer() accepts tokens from a clock up to CLOCK_SKEW_SECONDS ahead or behind", async () => {
  const t = Date.parse("2026-12-05T10:00:00Z");
  const at = (offsetSeconds: number) => () => new Date(t + offsetSeconds * 1000);
  const verifier = createTokenIssuer({ secret: SECRET, lifetimeSeconds: 900, now: at(0) });
  const issuedBy = async (offsetSeconds: number) =>
    (await createTokenIssuer({ secret: SECRET, lifetimeSeconds: 900, now: at(offsetSeconds) })
      .issue("user-1")).token;
  // An issuer ahead: its iat is in the verifier's future.
  assert.equal((await verifier.verify(await issuedBy(CLOCK_SKEW_SECONDS)))?.userId, "user-1");
  assert.equal(await verifier.verify(await issuedBy(CLOCK_SKEW_SECONDS + 2)), null);
  assert.equal(await verifier.verify(await issuedBy(24 * 3600)), null, "a day ahead");
  // An issuer behind: its exp comes early, tolerated by the skew.
  assert.equal(
    (await verifier.verify(await issuedBy(-900 - CLOCK_SKEW_SECONDS + 1)))?.userId,
    "user-1",
  );
  assert.equal(await verifier.verify(await issuedBy(-900 - CLOCK_SKEW_SECONDS - 1)), null);
});

Deno.test("createTokenIssuer() honours nbf with the skew, and refuses a token without iat", async () => {
  const t = Date.parse("2026-12-05T10:00:00Z") / 1000;
  const verifier = createTokenIssuer({ secret: SECRET, now: () => new Date(t * 1000) });
  const key = new TextEncoder().encode(SECRET);
  const token = (claims: { iat?: number; nbf?: number; exp: number }) => {
    const jwt = new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("user-1")
      .setIssuer("kopek").setAudience("kopek-api").setExpirationTime(claims.exp);
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
    if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
    return jwt.sign(key);
  };
  const exp = t + 600;
  assert.equal(
    (await verifier.verify(await token({ iat: t, nbf: t + CLOCK_SKEW_SECONDS, exp })))?.userId,
    "user-1",
  );
  assert.equal(
    await verifier.verify(await token({ iat: t, nbf: t + CLOCK_SKEW_SECONDS + 5, exp })),
    null,
  );
  assert.equal(await verifier.verify(await token({ exp })), null, "no iat");
});

Deno.test("createTokenIssuer() keeps a verified token only as long as its exp and the skew allow", async () => {
  let clock = new Date("2026-12-05T10:00:00Z");
  const tokens = createTokenIssuer({ secret: SECRET, lifetimeSeconds: 60, now: () => clock });
  const { token } = await tokens.issue("user-1");
  assert.ok(await tokens.verify(token));
  clock = new Date(clock.getTime() + (60 + CLOCK_SKEW_SECONDS - 1) * 1000);
  assert.ok(await tokens.verify(token), "within the skew of its exp");
  clock = new Date(clock.getTime() + 2000);
  assert.equal(await tokens.verify(token), null);
});
