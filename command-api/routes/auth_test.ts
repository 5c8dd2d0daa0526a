import assert from "node:assert/strict";
import { createMemoryCommandApi, requestApp } from "../_memory_testing.ts";

const PASSWORD = "correct horse battery staple";

function registration(name = "Ana") {
  return {
    email: `${name.toLowerCase()}-${crypto.randomUUID()}@example.com`,
    password: PASSWORD,
    displayName: name,
  };
}

Deno.test("register answers 201 the user and a token pair; login with the password answers 200 the same shape", async () => {
  const api = createMemoryCommandApi();
  const input = registration();
  const reg = await requestApp(api.app, null, "POST", "/v1/auth/register", input);
  assert.equal(reg.status, 201, reg.text);
  assert.equal(reg.body.user.displayName, "Ana");
  for (const field of ["token", "expiresAt", "refreshToken", "refreshExpiresAt"]) {
    assert.equal(typeof reg.body[field], "string", field);
  }
  const login = await requestApp(api.app, null, "POST", "/v1/auth/login", {
    email: input.email.toUpperCase(),
    password: PASSWORD,
  });
  assert.equal(login.status, 200, login.text);
  assert.equal(login.body.user.id, reg.body.user.id);
  assert.notEqual(login.body.refreshToken, reg.body.refreshToken);
  const again = await requestApp(api.app, null, "POST", "/v1/auth/register", input);
  assert.equal(again.status, 409, again.text);
  assert.equal(again.body.code, "user.email_taken");
});

Deno.test("login with a wrong password or an unknown email is one 401 bad_credentials", async () => {
  const api = createMemoryCommandApi();
  const input = registration();
  await requestApp(api.app, null, "POST", "/v1/auth/register", input);
  const wrong = await requestApp(api.app, null, "POST", "/v1/auth/login", {
    email: input.email,
    password: "not the password",
  });
  const unknown = await requestApp(api.app, null, "POST", "/v1/auth/login", {
    email: `nobody-${crypto.randomUUID()}@example.com`,
    password: PASSWORD,
  });
  for (const answer of [wrong, unknown]) {
    assert.equal(answer.status, 401, answer.text);
    assert.equal(answer.body.code, "bad_credentials");
    assert.equal(answer.body.token, undefined);
  }
});

Deno.test("refresh rotates the token pair; the spent one is 401 refresh_token_reused; logout answers loggedOut", async () => {
  const api = createMemoryCommandApi();
  const reg = await requestApp(api.app, null, "POST", "/v1/auth/register", registration());
  const refreshed = await requestApp(api.app, null, "POST", "/v1/auth/refresh", {
    refreshToken: reg.body.refreshToken,
  });
  assert.equal(refreshed.status, 200, refreshed.text);
  assert.equal(refreshed.body.user.id, reg.body.user.id);
  assert.notEqual(refreshed.body.refreshToken, reg.body.refreshToken);
  const reused = await requestApp(api.app, null, "POST", "/v1/auth/refresh", {
    refreshToken: reg.body.refreshToken,
  });
  assert.equal(reused.status, 401, reused.text);
  assert.equal(reused.body.code, "refresh_token_reused");
  const garbage = await requestApp(api.app, null, "POST", "/v1/auth/refresh", {
    refreshToken: "nope",
  });
  assert.equal(garbage.status, 401, garbage.text);
  assert.equal(garbage.body.code, "invalid_refresh_token");
  const out = await requestApp(api.app, null, "POST", "/v1/auth/logout", {
    refreshToken: "nope",
  });
  assert.equal(out.status, 200, out.text);
  assert.deepEqual(out.body, { loggedOut: true });
});

Deno.test("bad input to the auth routes is a 4xx problem, never a 5xx", async () => {
  const api = createMemoryCommandApi();
  const cases: [string, unknown, number, string][] = [
    [
      "/v1/auth/register",
      { email: "not-an-email", password: PASSWORD, displayName: "A" },
      422,
      "validation",
    ],
    ["/v1/auth/register", { ...registration(), extra: 1 }, 422, "validation"],
    ["/v1/auth/login", { email: "a@example.com" }, 422, "validation"],
    ["/v1/auth/refresh", {}, 422, "validation"],
    ["/v1/auth/logout", [], 422, "validation"],
  ];
  for (const [path, body, status, code] of cases) {
    const answer = await requestApp(api.app, null, "POST", path, body);
    assert.equal(answer.status, status, `${path}: ${answer.text}`);
    assert.equal(answer.body.code, code, path);
    assert.equal(typeof answer.body.title, "string");
  }
  const notJson = await api.app.request("/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{not json",
  });
  assert.equal(notJson.status, 400);
  assert.equal((await notJson.json()).code, "malformed");
  const otherType = await api.app.request("/v1/auth/register", {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "hello",
  });
  assert.equal(otherType.status, 415);
  assert.equal((await otherType.json()).code, "unsupported_media_type");
});

Deno.test("login attempts over the limit per address and account are 429 rate_limited, even with the right password", async () => {
  const api = createMemoryCommandApi({
    rateLimiter: undefined,
    rateLimits: { login: { name: "login", limit: 2, windowMs: 60_000 } },
  });
  const input = registration();
  await requestApp(api.app, null, "POST", "/v1/auth/register", input);
  const attempt = (password: string) =>
    requestApp(api.app, null, "POST", "/v1/auth/login", { email: input.email, password });
  assert.equal((await attempt("wrong one")).status, 401);
  assert.equal((await attempt("wrong two")).status, 401);
  const limited = await attempt(PASSWORD);
  assert.equal(limited.status, 429, limited.text);
  assert.equal(limited.body.code, "rate_limited");
  assert.ok(Number(limited.headers.get("retry-after")) > 0);
  // Another account from the same address still signs in.
  const other = registration("Bo");
  await requestApp(api.app, null, "POST", "/v1/auth/register", other);
  const bo = await requestApp(api.app, null, "POST", "/v1/auth/login", {
    email: other.email,
    password: PASSWORD,
  });
  assert.equal(bo.status, 200, bo.text);
});
