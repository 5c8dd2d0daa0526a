import assert from "node:assert/strict";
import { createTokenIssuer } from "@kopek/platform";
import { createMemoryCommandApi, requestApp, type TestAnswer } from "../_memory_testing.ts";
import { TELEGRAM_LINK_TTL_MS } from "./me.ts";

const PASSWORD = "correct horse battery staple";
const tokens = createTokenIssuer({ secret: "command-api-test-secret-0123456789abcdef" });

/** A registered account with its whole token pair. */
async function account(api: ReturnType<typeof createMemoryCommandApi>, name = "Ana") {
  const reg = await requestApp(api.app, null, "POST", "/v1/auth/register", {
    email: `${name.toLowerCase()}-${crypto.randomUUID()}@example.com`,
    password: PASSWORD,
    displayName: name,
  });
  assert.equal(reg.status, 201, reg.text);
  const token = reg.body.token as string;
  return {
    id: reg.body.user.id as string,
    refreshToken: reg.body.refreshToken as string,
    sessionId: (reg.body.refreshToken as string).split(".")[0],
    send: (method: string, path: string, body?: unknown) =>
      requestApp(api.app, token, method, path, body, lengthOf(body)),
  };
}

/** A Content-Length as a client sends it (`app.request` adds none; optional bodies need it). */
function lengthOf(body: unknown): Record<string, string> {
  if (body === undefined) return {};
  return { "content-length": String(new TextEncoder().encode(JSON.stringify(body)).length) };
}

function assertProblem(answer: TestAnswer, status: number, code: string) {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.body.code, code, answer.text);
  assert.equal(typeof answer.body.title, "string");
}

Deno.test("POST /v1/me/telegram-link answers 201 a code for 10 minutes; DELETE /v1/me/telegram answers unlinked", async () => {
  const now = new Date("2026-12-05T10:00:00Z");
  const api = createMemoryCommandApi({ now: () => now });
  const ana = await account(api);
  const link = await ana.send("POST", "/v1/me/telegram-link");
  assert.equal(link.status, 201, link.text);
  assert.equal(typeof link.body.code, "string");
  assert.ok(link.body.code.length > 0);
  assert.equal(link.body.expiresAt, new Date(now.getTime() + TELEGRAM_LINK_TTL_MS).toISOString());
  const unlinked = await ana.send("DELETE", "/v1/me/telegram");
  assert.equal(unlinked.status, 200, unlinked.text);
  assert.deepEqual(unlinked.body, { telegram: { linked: false } });
  assertProblem(await ana.send("POST", "/v1/me/telegram-link", { code: "x" }), 422, "validation");
});

Deno.test("every /v1/me write refuses a token the bot obtained: 403 forbidden, nothing changed", async () => {
  const api = createMemoryCommandApi({ tokens });
  const ana = await account(api);
  const { token } = await tokens.issue(ana.id, { via: "telegram-bot" });
  const writes: [string, string, unknown][] = [
    ["POST", "/v1/me/telegram-link", undefined],
    ["DELETE", "/v1/me/telegram", undefined],
    ["PUT", "/v1/me/password", { currentPassword: PASSWORD, newPassword: "another good password" }],
    ["DELETE", "/v1/me/sessions", undefined],
    ["DELETE", `/v1/me/sessions/${ana.sessionId}`, undefined],
    ["PATCH", "/v1/me", { displayName: "Bot" }],
    ["DELETE", "/v1/me", { password: PASSWORD }],
  ];
  const head = await api.store.headPosition();
  for (const [method, path, body] of writes) {
    const answer = await requestApp(api.app, token, method, path, body, lengthOf(body));
    assertProblem(answer, 403, "forbidden");
  }
  assert.equal(await api.store.headPosition(), head);
  for (const [method, path, body] of writes) {
    const anonymous = await requestApp(api.app, null, method, path, body);
    assertProblem(anonymous, 401, "unauthenticated");
  }
});

Deno.test("PUT /v1/me/password: a wrong current password is 403 bad_credentials; the right one answers a new pair and ends the old sessions", async () => {
  const api = createMemoryCommandApi();
  const ana = await account(api);
  const wrong = await ana.send("PUT", "/v1/me/password", {
    currentPassword: "not it at all",
    newPassword: "another good password",
  });
  assertProblem(wrong, 403, "bad_credentials");
  assertProblem(await ana.send("PUT", "/v1/me/password", { newPassword: "x" }), 422, "validation");
  const changed = await ana.send("PUT", "/v1/me/password", {
    currentPassword: PASSWORD,
    newPassword: "another good password",
  });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.user.id, ana.id);
  assert.equal(typeof changed.body.refreshToken, "string");
  const old = await requestApp(api.app, null, "POST", "/v1/auth/refresh", {
    refreshToken: ana.refreshToken,
  });
  assert.equal(old.status, 401, old.text);
  const fresh = await requestApp(api.app, null, "POST", "/v1/auth/refresh", {
    refreshToken: changed.body.refreshToken,
  });
  assert.equal(fresh.status, 200, fresh.text);
});

Deno.test("DELETE /v1/me/sessions/{id} ends the caller's own session once; others', unknown and malformed ids are one 404", async () => {
  const api = createMemoryCommandApi();
  const ana = await account(api);
  const bo = await account(api, "Bo");
  for (const id of [bo.sessionId, crypto.randomUUID(), "not-a-uuid"]) {
    assertProblem(await ana.send("DELETE", `/v1/me/sessions/${id}`), 404, "not_found");
  }
  const ended = await ana.send("DELETE", `/v1/me/sessions/${ana.sessionId.toUpperCase()}`);
  assert.equal(ended.status, 200, ended.text);
  assert.deepEqual(ended.body, { ended: true });
  assertProblem(await ana.send("DELETE", `/v1/me/sessions/${ana.sessionId}`), 404, "not_found");
  // Bo's session still refreshes.
  const boRefresh = await requestApp(api.app, null, "POST", "/v1/auth/refresh", {
    refreshToken: bo.refreshToken,
  });
  assert.equal(boRefresh.status, 200, boRefresh.text);
});

Deno.test("DELETE /v1/me/sessions signs out everywhere: answers revoked, refresh tokens stop working", async () => {
  const api = createMemoryCommandApi();
  const ana = await account(api);
  // A session started at the very millisecond of the revocation stands (the one a password change
  // starts, domain/session/liveness.ts): in memory, sign-in and sign-out can share one. Let the
  // clock move past the sign-in first, as it always has between two requests over the network.
  const signedIn = Date.now();
  while (Date.now() <= signedIn) await new Promise((r) => setTimeout(r, 1));
  const revoked = await ana.send("DELETE", "/v1/me/sessions");
  assert.equal(revoked.status, 200, revoked.text);
  assert.deepEqual(revoked.body, { revoked: true });
  const refresh = await requestApp(api.app, null, "POST", "/v1/auth/refresh", {
    refreshToken: ana.refreshToken,
  });
  assert.equal(refresh.status, 401, refresh.text);
  assertProblem(await ana.send("DELETE", "/v1/me/sessions", { all: true }), 422, "validation");
});

Deno.test("PATCH /v1/me answers the user with the change; an unknown currency or no field is 422", async () => {
  const api = createMemoryCommandApi();
  const ana = await account(api);
  const changed = await ana.send("PATCH", "/v1/me", {
    displayName: "Anna",
    defaultCurrency: "CHF",
  });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.id, ana.id);
  assert.equal(changed.body.displayName, "Anna");
  assert.equal(changed.body.defaultCurrency, "CHF");
  assert.equal(typeof changed.body.email, "string");
  assertProblem(await ana.send("PATCH", "/v1/me", { defaultCurrency: "XYZ" }), 422, "validation");
  assertProblem(await ana.send("PATCH", "/v1/me", {}), 422, "validation");
  assertProblem(
    await ana.send("PATCH", "/v1/me", { displayName: "x".repeat(121) }),
    422,
    "validation",
  );
});

Deno.test("DELETE /v1/me needs the password: wrong is 403, right answers deleted with a position, after which the token writes nothing", async () => {
  const api = createMemoryCommandApi();
  const ana = await account(api);
  assertProblem(
    await ana.send("DELETE", "/v1/me", { password: "not it at all" }),
    403,
    "bad_credentials",
  );
  assertProblem(await ana.send("DELETE", "/v1/me", {}), 422, "validation");
  const deleted = await ana.send("DELETE", "/v1/me", { password: PASSWORD });
  assert.equal(deleted.status, 200, deleted.text);
  assert.equal(deleted.body.deleted, true);
  assert.equal(deleted.body.position, await api.store.headPosition());
  const after = await ana.send("PATCH", "/v1/me", { displayName: "Ghost" });
  assert.ok(after.status >= 400 && after.status < 500, after.text);
});
