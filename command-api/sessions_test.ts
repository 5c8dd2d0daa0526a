import assert from "node:assert/strict";
import { createMemoryCommandApi, requestApp } from "./_memory_testing.ts";

async function signIn() {
  const api = createMemoryCommandApi();
  const email = `ana-${crypto.randomUUID()}@example.com`;
  const reg = await requestApp(api.app, null, "POST", "/v1/auth/register", {
    email,
    password: "correct horse battery staple",
    displayName: "Ana",
  });
  assert.equal(reg.status, 201, reg.text);
  return { api, reg };
}

const refresh = (api: { app: Parameters<typeof requestApp>[0] }, refreshToken: string) =>
  requestApp(api.app, null, "POST", "/v1/auth/refresh", { refreshToken });

Deno.test("a refresh token rotates; the rotated-away one ends the session when it comes back", async () => {
  const { api, reg } = await signIn();
  const first = reg.body.refreshToken;
  const rotated = await refresh(api, first);
  assert.equal(rotated.status, 200, rotated.text);
  assert.notEqual(rotated.body.refreshToken, first);
  const reused = await refresh(api, first);
  assert.equal(reused.status, 401);
  assert.equal(reused.body.code, "refresh_token_reused");
  assert.equal(api.ended.length, 1);
  // The session ended: its current token no longer works either.
  const after = await refresh(api, rotated.body.refreshToken);
  assert.equal(after.body.code, "invalid_refresh_token");
  const [session] = await api.store.streams({ after: null, limit: 10, prefix: "session-" });
  assert.deepEqual((await api.store.readStream(session)).map((e) => e.type), [
    "SessionStarted",
    "SessionRefreshed",
    "SessionEnded",
  ]);
});

Deno.test("logout ends the session once; a token that is not current ends nothing", async () => {
  const { api, reg } = await signIn();
  const bye = await requestApp(api.app, null, "POST", "/v1/auth/logout", {
    refreshToken: reg.body.refreshToken,
  });
  assert.equal(bye.status, 200);
  assert.equal(api.ended.length, 1);
  await requestApp(api.app, null, "POST", "/v1/auth/logout", {
    refreshToken: reg.body.refreshToken,
  });
  assert.equal(api.ended.length, 1);
  assert.equal((await refresh(api, reg.body.refreshToken)).status, 401);
});

Deno.test("a user signs out their own session, never another user's", async () => {
  const { api, reg } = await signIn();
  const bo = await api.user("Bo");
  const sessions = await api.store.streams({ after: null, limit: 10, prefix: "session-" });
  const anas = [];
  for (const s of sessions) {
    const [started] = await api.store.readStream(s);
    if ((started.data as { userId: string }).userId === reg.body.user.id) anas.push(s);
  }
  const id = anas[0].slice("session-".length);
  const theirs = await bo.send("DELETE", `/v1/me/sessions/${id}`);
  assert.equal(theirs.status, 404);
  assert.equal(api.ended.length, 0);
  const own = await requestApp(api.app, reg.body.token, "DELETE", `/v1/me/sessions/${id}`);
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(api.ended, [{ userId: reg.body.user.id, sessionId: id }]);
  const again = await requestApp(api.app, reg.body.token, "DELETE", `/v1/me/sessions/${id}`);
  assert.equal(again.status, 404);
});
