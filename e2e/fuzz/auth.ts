/**
 * Fuzz routes: accounts and sessions: register, login, refresh, logout, and the
 * account's own routes (`/v1/me…`).
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { KopekClient } from "@kopek/testing";
import { nameArb } from "./_kit/bodies.ts";
import { eventLog, PASSWORD, takeRefreshToken, unknownRefreshToken, want } from "./_kit/fixture.ts";
import { eventsAfter, type Good, rexSession } from "./_kit/good.ts";
import type { Route } from "./_kit/route.ts";

/** The auth routes. */
export const AUTH_ROUTES: readonly Route[] = [
  // Accounts and sessions
  {
    name: "register",
    op: "POST /v1/auth/register",
    method: "POST",
    path: "/v1/auth/register",
    ids: () => [],
    auth: "none",
    weight: 1,
    body: () =>
      fc.record({
        password: fc.constantFrom(PASSWORD, "1234567890", "p".repeat(200), "😀".repeat(50)),
        displayName: nameArb,
      }).map((x) => ({ email: `fuzz-${crypto.randomUUID()}@example.com`, ...x })),
  },
  {
    name: "login",
    op: "POST /v1/auth/login",
    method: "POST",
    path: "/v1/auth/login",
    ids: () => [],
    auth: "none",
    weight: 1,
    body: (f) =>
      fc.constantFrom(f.anaEmail, f.anaEmail.toUpperCase(), "nobody@example.com")
        .map((email) => ({ email, password: PASSWORD })),
  },
  {
    name: "refresh",
    op: "POST /v1/auth/refresh",
    method: "POST",
    path: "/v1/auth/refresh",
    ids: () => [],
    auth: "none",
    // A current token (rotated by a 2xx), or one that no session has.
    body: (f) =>
      fc.constantFrom(true, true, true, false).map((current) => ({
        refreshToken: current ? takeRefreshToken(f) : unknownRefreshToken(),
      })),
  },
  {
    name: "logout",
    op: "POST /v1/auth/logout",
    method: "POST",
    path: "/v1/auth/logout",
    ids: () => [],
    auth: "none",
    // A current token ends a session (and costs a login to replace): one in four.
    body: (f) =>
      fc.constantFrom(true, false, false, false).map((current) => ({
        refreshToken: current ? takeRefreshToken(f) : unknownRefreshToken(),
      })),
  },
  {
    name: "telegram-link",
    op: "POST /v1/me/telegram-link",
    method: "POST",
    path: "/v1/me/telegram-link",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    bodyless: true,
  },
  {
    name: "telegram.unlink",
    op: "DELETE /v1/me/telegram",
    method: "DELETE",
    path: "/v1/me/telegram",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    bodyless: true,
  },
  {
    name: "password",
    op: "PUT /v1/me/password",
    method: "PUT",
    path: "/v1/me/password",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    weight: 1,
    // The same password again (a changed one is changed back): the fixture keeps signing in.
    body: () =>
      fc.constantFrom(PASSWORD, PASSWORD, PASSWORD, "not the password at all")
        .map((currentPassword) => ({ currentPassword, newPassword: PASSWORD })),
  },
  {
    name: "sessions.revoke",
    op: "DELETE /v1/me/sessions",
    method: "DELETE",
    path: "/v1/me/sessions",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    bodyless: true,
  },
  {
    name: "sessions.end",
    op: "DELETE /v1/me/sessions/{sessionId}",
    method: "DELETE",
    path: "/v1/me/sessions/{0}",
    // A session nobody has: ending one of the fixture's would sign it out.
    ids: () => [crypto.randomUUID()],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    bodyless: true,
  },
  {
    name: "profile",
    op: "PATCH /v1/me",
    method: "PATCH",
    path: "/v1/me",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    body: () =>
      fc.constantFrom<Record<string, unknown>>(
        { defaultCurrency: "EUR" },
        { defaultCurrency: null },
        { defaultCurrency: "JPY", displayName: "Ana" },
      ),
  },
  {
    name: "account.delete",
    op: "DELETE /v1/me",
    method: "DELETE",
    path: "/v1/me",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    weight: 1,
    // Never the password: the fixture's accounts must live on.
    body: () => fc.constant({ password: "not the password at all" }),
  },
];

/** The auth routes' known-good sequences. */
export const AUTH_GOOD: Readonly<Record<string, Good>> = {
  register: {
    weight: 1,
    appends: true,
    async run(f) {
      const anon = new KopekClient(f.base);
      const a = await anon.post("/v1/auth/register", {
        email: `good-${crypto.randomUUID()}@example.com`,
        password: PASSWORD,
        displayName: "Gü 👋",
      });
      want(a, 201, "register");
      assert.match(a.body.refreshToken, /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    },
  },
  login: {
    weight: 1,
    appends: true,
    async run(f) {
      const before = (await eventLog(f.db)).head;
      const a = await new KopekClient(f.base).post("/v1/auth/login", {
        email: f.anaEmail.toUpperCase(),
        password: PASSWORD,
      });
      want(a, 200, "login");
      assert.deepEqual(
        await eventsAfter(f, before),
        ["SessionStarted", "SessionOpened"],
        "a login starts a session (and the account's stream indexes it)",
      );
    },
  },
  sessions: {
    weight: 1,
    appends: true,
    async run(f) {
      const anon = new KopekClient(f.base);
      const first = await rexSession(f);
      const rotated = await anon.post("/v1/auth/refresh", { refreshToken: first });
      want(rotated, 200, "refresh");
      assert.notEqual(rotated.body.refreshToken, first);
      const second = rotated.body.refreshToken as string;
      const head = (await eventLog(f.db)).head;
      want(await anon.post("/v1/auth/logout", { refreshToken: second }), 200, "logout");
      assert.deepEqual(await eventsAfter(f, head), ["SessionEnded"], "a logout ends the session");
      const ended = (await eventLog(f.db)).head;
      want(await anon.post("/v1/auth/logout", { refreshToken: second }), 200, "logout again");
      want(await anon.post("/v1/auth/refresh", { refreshToken: second }), 401, "refresh ended");
      want(await anon.post("/v1/auth/refresh", { refreshToken: first }), 401, "refresh rotated");
      assert.deepEqual(await eventsAfter(f, ended), [], "nothing after the session ended");
    },
  },
  reuse: {
    weight: 1,
    appends: true,
    async run(f) {
      // The one refusal that appends: a rotated token used again ends its session (ADR: theft).
      const anon = new KopekClient(f.base);
      const first = await rexSession(f);
      const rotated = await anon.post("/v1/auth/refresh", { refreshToken: first });
      want(rotated, 200, "refresh");
      const head = (await eventLog(f.db)).head;
      const reused = await anon.post("/v1/auth/refresh", { refreshToken: first });
      want(reused, 401, "reuse");
      assert.equal(reused.body.code, "refresh_token_reused");
      assert.deepEqual(await eventsAfter(f, head), ["SessionEnded"], "reuse ends the session");
      const ended = (await eventLog(f.db)).head;
      const after = await anon.post("/v1/auth/refresh", {
        refreshToken: rotated.body.refreshToken,
      });
      want(after, 401, "the session is over");
      assert.deepEqual(await eventsAfter(f, ended), [], "and says so once");
    },
  },
  password: {
    weight: 1,
    appends: true,
    async run(_f, ana) {
      want(
        await ana.put("/v1/me/password", { currentPassword: PASSWORD, newPassword: PASSWORD }),
        200,
        "change password",
      );
      want(
        await ana.put("/v1/me/password", {
          currentPassword: "wrong password!",
          newPassword: PASSWORD,
        }),
        403,
        "wrong current password",
      );
    },
  },
};
