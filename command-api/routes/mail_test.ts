import assert from "node:assert/strict";
import { createTokenIssuer } from "@kopek/platform";
import { createMemoryCommandApi, requestApp } from "../_memory_testing.ts";
import { registerUser } from "../_testing_client.ts";

// The routes that mail, on a command API without email (no KOPEK_SMTP_URL): the caller and the
// body are checked first (a bad one is a 4xx of its own), then 404 email.disabled. The paths
// with email run against PostgreSQL and OpenSMTPD (e2e/api/email.int_test.ts).
const tokens = createTokenIssuer({ secret: "command-api-test-secret-0123456789abcdef" });

Deno.test("password reset without email: a bad body is 422, a good one 404 email.disabled", async () => {
  const api = createMemoryCommandApi({ tokens });
  const bad = await requestApp(api.app, null, "POST", "/v1/auth/password-reset", { email: "x" });
  assert.equal(bad.status, 422, bad.text);
  const off = await requestApp(api.app, null, "POST", "/v1/auth/password-reset", {
    email: "ana@example.com",
  });
  assert.equal(off.status, 404, off.text);
  assert.equal(off.body.code, "email.disabled");
  const confirm = await requestApp(api.app, null, "POST", "/v1/auth/password-reset/confirm", {
    token: "A".repeat(43),
    password: "short",
  });
  assert.equal(confirm.status, 422, confirm.text);
});

Deno.test("email settings and invite mails without email: the bot is refused, bad bodies 422, then 404 email.disabled", async () => {
  const api = createMemoryCommandApi({ tokens });
  const ana = await registerUser(api.app, "Ana");
  const { token } = await tokens.issue(ana.id, { via: "telegram-bot" });
  const bot = await requestApp(api.app, token, "PUT", "/v1/me/email-settings", {
    weeklySummary: true,
  });
  assert.equal(bot.status, 403, bot.text);
  assert.equal(
    (await ana.send("PUT", "/v1/me/email-settings", { weeklySummary: "yes" })).status,
    422,
  );
  const off = await ana.send("PUT", "/v1/me/email-settings", { weeklySummary: true });
  assert.equal(off.body.code, "email.disabled");

  const group = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  const invite = await ana.send("POST", `/v1/groups/${group.body.id}/invites`, { role: "viewer" });
  assert.equal(invite.status, 201, invite.text);
  const path = `/v1/groups/${group.body.id}/invites/${invite.body.id}/email`;
  assert.equal((await ana.send("POST", path, { email: "not an address" })).status, 422);
  const unknown = await ana.send(
    "POST",
    `/v1/groups/${group.body.id}/invites/${crypto.randomUUID()}/email`,
    {
      email: "bea@example.com",
    },
  );
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.code, "not_found");
  const mailed = await ana.send("POST", path, { email: "bea@example.com" });
  assert.equal(mailed.status, 404, mailed.text);
  assert.equal(mailed.body.code, "email.disabled");
});
