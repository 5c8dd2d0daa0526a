/**
 * Refresh tokens end to end: rotation, replay and alteration, reuse ending
 * the whole family, logout, "sign out everywhere" and a password change.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const PASSWORD = "correct horse battery staple";

Deno.test("refresh tokens rotate; a replayed or altered one is refused; reuse revokes the family", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const reg = await api.post("/v1/auth/register", {
      email: "ana@example.com",
      password: PASSWORD,
      displayName: "Ana",
    });
    assert.equal(reg.status, 201);
    assert.match(reg.body.refreshToken, /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const first = reg.body.refreshToken as string;

    const r1 = await api.post("/v1/auth/refresh", { refreshToken: first });
    assert.equal(r1.status, 200, JSON.stringify(r1.body));
    assert.equal(r1.body.user.email, "ana@example.com");
    assert.notEqual(r1.body.refreshToken, first);
    assert.equal((await api.as(r1.body.token).get("/v1/me")).status, 200);
    const second = r1.body.refreshToken as string;

    // Altered: refused, and the session lives on.
    const altered = second.slice(0, -2) + (second.endsWith("AA") ? "BB" : "AA");
    const bad = await api.post("/v1/auth/refresh", { refreshToken: altered });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.code, "invalid_refresh_token");
    const r2 = await api.post("/v1/auth/refresh", { refreshToken: second });
    assert.equal(r2.status, 200, "an altered token did not end the session");
    const third = r2.body.refreshToken as string;

    // Replayed: the rotated-away token ends the family, so even the newest token is dead.
    const replay = await api.post("/v1/auth/refresh", { refreshToken: first });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.code, "refresh_token_reused");
    const after = await api.post("/v1/auth/refresh", { refreshToken: third });
    assert.equal(after.status, 401, "the family is revoked");
    assert.equal(after.body.code, "invalid_refresh_token");

    // Two sessions: logout ends one; "sign out everywhere" ends the other.
    const login = () =>
      api.post("/v1/auth/login", { email: "ana@example.com", password: PASSWORD });
    const a = (await login()).body;
    const b = (await login()).body;
    assert.equal((await api.post("/v1/auth/logout", { refreshToken: a.refreshToken })).status, 200);
    assert.equal(
      (await api.post("/v1/auth/refresh", { refreshToken: a.refreshToken })).status,
      401,
    );
    const b2 = await api.post("/v1/auth/refresh", { refreshToken: b.refreshToken });
    assert.equal(b2.status, 200);
    assert.equal((await api.as(b2.body.token).delete("/v1/me/sessions")).status, 200);
    assert.equal(
      (await api.post("/v1/auth/refresh", { refreshToken: b2.body.refreshToken })).status,
      401,
    );

    // A password change ends every session and starts a new one.
    const c = (await login()).body;
    const wrong = await api.as(c.token).put("/v1/me/password", {
      currentPassword: "not the password",
      newPassword: "a brand new passphrase",
    });
    assert.equal(wrong.status, 403);
    const changed = await api.as(c.token).put("/v1/me/password", {
      currentPassword: PASSWORD,
      newPassword: "a brand new passphrase",
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(
      (await api.post("/v1/auth/refresh", { refreshToken: c.refreshToken })).status,
      401,
    );
    assert.equal(
      (await api.post("/v1/auth/refresh", { refreshToken: changed.body.refreshToken })).status,
      200,
    );
    assert.equal((await login()).status, 401, "the old password no longer works");
    const fresh = await api.post("/v1/auth/login", {
      email: "ana@example.com",
      password: "a brand new passphrase",
    });
    assert.equal(fresh.status, 200);
  } finally {
    await running.stop();
  }
});

Deno.test("two concurrent refreshes with one token: one wins, the other ends the session", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const reg = await api.post("/v1/auth/register", {
      email: "bob@example.com",
      password: PASSWORD,
      displayName: "Bob",
    });
    const token = reg.body.refreshToken;
    const answers = await Promise.all(
      [1, 2].map(() => api.post("/v1/auth/refresh", { refreshToken: token })),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 401]);
    const winner = answers.find((a) => a.status === 200)!;
    assert.equal(
      (await api.post("/v1/auth/refresh", { refreshToken: winner.body.refreshToken })).status,
      401,
      "a token used twice is a leak: the family ends",
    );
  } finally {
    await running.stop();
  }
});
