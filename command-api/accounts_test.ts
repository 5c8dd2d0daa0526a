import assert from "node:assert/strict";
import { createMemoryCommandApi, requestApp } from "./_memory_testing.ts";

Deno.test("a profile change appends once, and nothing when nothing changes", async () => {
  const api = createMemoryCommandApi();
  const ana = await api.user("Ana");
  const changed = await ana.send("PATCH", "/v1/me", { displayName: "Ana B" });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.displayName, "Ana B");
  const head = await api.store.headPosition();
  const same = await ana.send("PATCH", "/v1/me", { displayName: "Ana B" });
  assert.equal(same.status, 200);
  assert.equal(await api.store.headPosition(), head);
});

Deno.test("a password change ends every session; the new password signs in", async () => {
  const api = createMemoryCommandApi();
  const email = `ana-${crypto.randomUUID()}@example.com`;
  const reg = await requestApp(api.app, null, "POST", "/v1/auth/register", {
    email,
    password: "correct horse battery staple",
    displayName: "Ana",
  });
  const wrong = await requestApp(api.app, reg.body.token, "PUT", "/v1/me/password", {
    currentPassword: "wrong",
    newPassword: "another horse battery staple",
  });
  assert.equal(wrong.status, 403);
  const changed = await requestApp(api.app, reg.body.token, "PUT", "/v1/me/password", {
    currentPassword: "correct horse battery staple",
    newPassword: "another horse battery staple",
  });
  assert.equal(changed.status, 200, changed.text);
  assert.deepEqual(api.ended, [{ userId: reg.body.user.id, sessionId: null }]);
  const login = await requestApp(api.app, null, "POST", "/v1/auth/login", {
    email,
    password: "another horse battery staple",
  });
  assert.equal(login.status, 200, login.text);
});

Deno.test("signing out everywhere stops older refresh tokens", async () => {
  const api = createMemoryCommandApi({ now: () => new Date(Date.now() - 1000) });
  const email = `ana-${crypto.randomUUID()}@example.com`;
  const reg = await requestApp(api.app, null, "POST", "/v1/auth/register", {
    email,
    password: "correct horse battery staple",
    displayName: "Ana",
  });
  // A session started at the revocation's very millisecond stands: let the clock move past it.
  const signedIn = Date.now();
  while (Date.now() <= signedIn) await new Promise((r) => setTimeout(r, 1));
  const revoked = await requestApp(api.app, reg.body.token, "DELETE", "/v1/me/sessions");
  assert.equal(revoked.status, 200, revoked.text);
  const refreshed = await requestApp(api.app, null, "POST", "/v1/auth/refresh", {
    refreshToken: reg.body.refreshToken,
  });
  assert.equal(refreshed.status, 401);
});
