/**
 * The access rules (`access_rules.ts`) of the routes of one's own account: signing up and in,
 * sessions, the profile, push and email settings, the password reset, and Telegram links.
 *
 * @module
 */
import type { Rule } from "./access_rules.ts";
import { created, group, inGroup, MANAGERS, open, signedIn } from "./_access_kit.ts";

/** The account routes' rules, merged into `RULES`. */
export const ACCOUNT_RULES: Readonly<Record<string, Rule>> = {
  "POST /v1/auth/register": {
    request: (f) => ({
      path: "/v1/auth/register",
      body: { email: f.freshEmail(), password: f.password, displayName: "New" },
    }),
    expect: open(201),
  },
  "POST /v1/auth/login": {
    request: (f) => ({
      path: "/v1/auth/login",
      body: { email: "owner@matrix.test", password: f.password },
    }),
    expect: open(200),
  },
  "POST /v1/auth/refresh": {
    request: async (f) => ({
      path: "/v1/auth/refresh",
      body: { refreshToken: await f.refreshToken("owner") },
    }),
    expect: open(200),
  },
  "POST /v1/auth/logout": {
    request: async (f) => ({
      path: "/v1/auth/logout",
      body: { refreshToken: await f.refreshToken("owner") },
    }),
    expect: open(200),
  },
  "GET /v1/openapi.json": { request: () => ({ path: "/v1/openapi.json" }), expect: open(200) },
  // Open to anyone: a bad, expired or foreign token is ignored, not refused (ADR 0039).
  "POST /v1/client-errors": {
    request: () => ({
      path: "/v1/client-errors",
      body: { kind: "error", message: "boom", path: "/", release: "matrix", agent: "other" },
    }),
    expect: open(204),
  },
  "GET /v1/me": { request: () => ({ path: "/v1/me" }), expect: signedIn(200) },
  // Every signed-in user: their own groups only (an outsider gets an empty answer).
  "GET /v1/me/balances": { request: () => ({ path: "/v1/me/balances" }), expect: signedIn(200) },
  "POST /v1/me/telegram-link": {
    request: () => ({ path: "/v1/me/telegram-link" }),
    expect: signedIn(201),
  },
  "DELETE /v1/me/telegram": { request: () => ({ path: "/v1/me/telegram" }), expect: signedIn(200) },
  "PUT /v1/me/password": {
    request: (f) => ({
      path: "/v1/me/password",
      body: { currentPassword: f.password, newPassword: f.password },
    }),
    expect: signedIn(200),
  },
  "DELETE /v1/me/sessions": { request: () => ({ path: "/v1/me/sessions" }), expect: signedIn(200) },
  "GET /v1/me/sessions": { request: () => ({ path: "/v1/me/sessions" }), expect: signedIn(200) },
  // A session of nobody's: the same 404 as another user's.
  "DELETE /v1/me/sessions/{sessionId}": {
    request: () => ({ path: `/v1/me/sessions/${crypto.randomUUID()}` }),
    expect: signedIn(404),
  },
  "PATCH /v1/me": {
    request: () => ({ path: "/v1/me", body: { defaultCurrency: "EUR" } }),
    expect: signedIn(200),
  },
  // Never the right password: the fixture's accounts live on.
  "DELETE /v1/me": {
    request: () => ({ path: "/v1/me", body: { password: "not the password at all" } }),
    expect: signedIn(403),
  },
  "GET /v1/me/export": { request: () => ({ path: "/v1/me/export" }), expect: signedIn(200) },
  // Web push (ADR 0057): every signed-in user, their own devices and settings only.
  "GET /v1/me/push-subscriptions": {
    request: () => ({ path: "/v1/me/push-subscriptions" }),
    expect: signedIn(200),
  },
  "POST /v1/me/push-subscriptions": {
    request: () => ({
      path: "/v1/me/push-subscriptions",
      body: {
        endpoint: `https://push.example.com/${crypto.randomUUID()}`,
        keys: { p256dh: "B" + "A".repeat(86), auth: "A".repeat(22) },
      },
    }),
    expect: signedIn(201),
  },
  "DELETE /v1/me/push-subscriptions": {
    request: () => ({
      path: "/v1/me/push-subscriptions",
      body: { endpoint: "https://push.example.com/nobody" },
    }),
    expect: signedIn(200),
  },
  // A subscription of nobody's: the same 404 as another user's.
  "DELETE /v1/me/push-subscriptions/{subscriptionId}": {
    request: () => ({ path: `/v1/me/push-subscriptions/${crypto.randomUUID()}` }),
    expect: signedIn(404),
  },
  "GET /v1/me/notification-settings": {
    request: () => ({ path: "/v1/me/notification-settings" }),
    expect: signedIn(200),
  },
  "PUT /v1/me/notification-settings": {
    request: () => ({
      path: "/v1/me/notification-settings",
      body: { mutedGroups: [], quietHours: { start: "22:00", end: "07:00", timeZone: "UTC" } },
    }),
    expect: signedIn(200),
  },
  // Email (ADR 0060): the matrix's server has no SMTP, so the routes that mail answer 404
  // email.disabled to whoever may call them; who may not is refused first.
  "POST /v1/auth/password-reset": {
    request: () => ({ path: "/v1/auth/password-reset", body: { email: "owner@matrix.test" } }),
    expect: open(404),
  },
  "POST /v1/auth/password-reset/confirm": {
    request: (f) => ({
      path: "/v1/auth/password-reset/confirm",
      body: { token: "A".repeat(43), password: f.password },
    }),
    expect: open(404),
  },
  "GET /v1/me/email-settings": {
    request: () => ({ path: "/v1/me/email-settings" }),
    expect: signedIn(200),
  },
  "PUT /v1/me/email-settings": {
    request: () => ({ path: "/v1/me/email-settings", body: { weeklySummary: true } }),
    expect: signedIn(404),
  },
  "POST /v1/groups/{g}/invites/{i}/email": {
    request: async (f) => ({
      path: `${group(f)}/invites/${await created(f, `${group(f)}/invites`, {
        role: "viewer",
      })}/email`,
      body: { email: "invitee@matrix.test" },
    }),
    expect: inGroup(MANAGERS, 404),
  },
  // The bot's routes take the bot's service key: no user token, valid or not, is one.
  "POST /v1/telegram/links": {
    request: () => ({
      path: "/v1/telegram/links",
      body: { code: "AAAAAAAAAAAAAAAA", telegramUserId: 1 },
    }),
    expect: open(401),
  },
  "POST /v1/telegram/tokens": {
    request: () => ({ path: "/v1/telegram/tokens", body: { telegramUserId: 1 } }),
    expect: open(401),
  },
  "POST /v1/telegram/chats": {
    request: (f) => ({
      path: "/v1/telegram/chats",
      body: { telegramUserId: 1, groupId: f.groupId, userIds: [] },
    }),
    expect: open(401),
  },
};
