/**
 * Email end to end (ADR 0060) against a real SMTP server from Debian
 * (OpenSMTPD delivering to a maildir): a password reset from the request to
 * the mail to the new password (the old one fails, the link works once), an
 * invite's link by email, the weekly summary's opt-in, and email off without
 * `KOPEK_SMTP_URL`.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";
import { startSmtpServer } from "@kopek/testing/smtp";

const ORIGIN = "https://kopek.example.test";
const PASSWORD = "correct horse battery staple";

Deno.test("email: password reset by mail, end to end through a real SMTP server", async () => {
  await using smtp = await startSmtpServer();
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, {
    KOPEK_SMTP_URL: smtp.url,
    KOPEK_MAIL_FROM: "Kopek <kopek@example.test>",
    KOPEK_PUBLIC_ORIGIN: ORIGIN,
  });
  try {
    const api = new KopekClient(running.url);
    const registered = await api.post("/v1/auth/register", {
      email: "ana@example.test",
      password: PASSWORD,
      displayName: "Ana\r\nBcc: eve@example.test",
    });
    assert.equal(registered.status, 201);
    const asked = await api.post("/v1/auth/password-reset", { email: "ANA@example.test" });
    assert.equal(asked.status, 202);
    // An unknown address answers the same, and no mail goes out for it.
    const unknown = await api.post("/v1/auth/password-reset", { email: "nobody@example.test" });
    assert.equal(unknown.status, 202);
    assert.deepEqual(unknown.body, asked.body);

    const mail = await smtp.waitFor((m) => m.subject === "Reset your Kopek password");
    assert.equal(mail.from?.value[0].address, "kopek@example.test");
    assert.deepEqual(
      (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((t) => t!.value.map((v) => v.address)),
      ["ana@example.test"],
    );
    assert.equal(mail.headers.get("bcc"), undefined);
    const link = /https:\/\/kopek\.example\.test\/reset\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? "");
    assert.ok(link, String(mail.text));
    // The name with a line break stays in the body, escaped in the HTML part.
    assert.ok(typeof mail.html === "string" && mail.html.includes(`${ORIGIN}/reset/${link[1]}`));

    const weak = await api.post("/v1/auth/password-reset/confirm", {
      token: link[1],
      password: "short",
    });
    assert.equal(weak.status, 422);
    const done = await api.post("/v1/auth/password-reset/confirm", {
      token: link[1],
      password: "a brand new password",
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    // The link works once.
    const again = await api.post("/v1/auth/password-reset/confirm", {
      token: link[1],
      password: "yet another password",
    });
    assert.equal(again.status, 410);
    assert.equal(again.body.code, "password_reset.invalid");
    // The old password fails, the new one works, the old session ended.
    const old = await api.post("/v1/auth/login", { email: "ana@example.test", password: PASSWORD });
    assert.equal(old.status, 401);
    const fresh = await api.post("/v1/auth/login", {
      email: "ana@example.test",
      password: "a brand new password",
    });
    assert.equal(fresh.status, 200);
    const refresh = { refreshToken: registered.body.refreshToken };
    assert.equal((await api.post("/v1/auth/refresh", refresh)).status, 401);
    // Only the one mail went out (nothing for the unknown address).
    assert.equal((await smtp.messages()).length, 1);
  } finally {
    await running.stop();
  }
});

Deno.test("email: an invite's link by email, the weekly summary opt-in, and the refusals", async () => {
  await using smtp = await startSmtpServer();
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, {
    KOPEK_SMTP_URL: smtp.url,
    KOPEK_PUBLIC_ORIGIN: ORIGIN,
  });
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.test", "Ana");
    const { client: vic } = await api.register("vic@example.test", "Vic");
    const group = await ana.post("/v1/groups", {
      name: "<b>Flat</b>\nBcc: x@example.test",
      currency: "EUR",
    });
    const g = group.body.id;
    const invite = await ana.post(`/v1/groups/${g}/invites`, { role: "member" });
    const mailed = await ana.post(`/v1/groups/${g}/invites/${invite.body.id}/email`, {
      email: "bea@example.test",
    });
    assert.equal(mailed.status, 202, JSON.stringify(mailed.body));
    const mail = await smtp.waitFor((m) =>
      m.to !== undefined && JSON.stringify(m.to).includes("bea@example.test")
    );
    assert.ok(mail.text?.includes(`${ORIGIN}/join/${invite.body.code}`), String(mail.text));
    assert.equal(mail.headers.get("bcc"), undefined);
    assert.ok(typeof mail.html === "string" && mail.html.includes("&#60;b&#62;Flat&#60;/b&#62;"));
    assert.ok(!String(mail.html).includes("<b>Flat"));
    // Not a member: the same 404 as no such invite.
    const outsider = await vic.post(`/v1/groups/${g}/invites/${invite.body.id}/email`, {
      email: "bea@example.test",
    });
    assert.equal(outsider.status, 404);
    // Per recipient, a few an hour: then 429.
    let limited = 0;
    for (let i = 0; i < 6; i++) {
      const r = await ana.post(`/v1/groups/${g}/invites/${invite.body.id}/email`, {
        email: "cid@example.test",
      });
      if (r.status === 429) limited++;
    }
    assert.equal(limited, 1);

    const on = await vic.put("/v1/me/email-settings", { weeklySummary: true });
    assert.equal(on.status, 200);
    assert.deepEqual(on.body, { enabled: true, weeklySummary: true });
    const read = await vic.get("/v1/me/email-settings");
    assert.deepEqual(read.body, { enabled: true, weeklySummary: true });
    const summary = await smtp.waitFor((m) => (m.subject ?? "").startsWith("Your Kopek week"));
    assert.ok(JSON.stringify(summary.to).includes("vic@example.test"));
  } finally {
    await running.stop();
  }
});

Deno.test("email: off without KOPEK_SMTP_URL: 404 email.disabled, the rest works", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.test", "Ana");
    const reset = await api.post("/v1/auth/password-reset", { email: "ana@example.test" });
    assert.equal(reset.status, 404);
    assert.equal(reset.body.code, "email.disabled");
    assert.equal(
      (await ana.put("/v1/me/email-settings", { weeklySummary: true })).body.code,
      "email.disabled",
    );
    assert.deepEqual((await ana.get("/v1/me/email-settings")).body, {
      enabled: false,
      weeklySummary: false,
    });
  } finally {
    await running.stop();
  }
});
