/**
 * The outbox against real PostgreSQL and a real SMTP server (OpenSMTPD from
 * Debian): mails wait while SMTP is down and go out once it is back; a mail
 * is given up after its last attempt; the rate limits per recipient and per
 * sender; and the weekly summary is queued once per user and week even with
 * two workers at once.
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { createTestDatabase } from "@kopek/platform/testing";
import { createLogger } from "@kopek/platform";
import { startSmtpServer } from "@kopek/testing/smtp";
import { createMailOutbox, type MailRequest } from "./outbox.ts";
import { mailSchema } from "./schema.ts";
import { createSmtpMailer } from "./smtp.ts";
import { mailTick } from "./tick.ts";
import { passwordResetMail } from "./templates.ts";
import { queueWeeklySummaries } from "./weekly.ts";
import { createMailSettings } from "./settings.ts";
import type { Mailer } from "./mailer.ts";

const logger = createLogger({ level: "silent" });

function request(to: string, senderId: string | null = null): MailRequest {
  return {
    id: uuidv7(),
    kind: "password-reset",
    senderId,
    to,
    mail: passwordResetMail({
      displayName: "Ana",
      link: "https://k.test/reset/x",
      validMinutes: 60,
    }),
  };
}

Deno.test("outbox: while SMTP is down mails wait in the outbox, and go out once it is back", async () => {
  await using smtp = await startSmtpServer();
  await using db = await createTestDatabase();
  await mailSchema.apply(db.sql);
  const outbox = createMailOutbox(db.sql, { backoffMs: 0 });
  const mailer = createSmtpMailer({
    url: smtp.url,
    from: "Kopek <kopek@example.test>",
    timeoutMs: 5_000,
  });
  try {
    await smtp.stop();
    assert.equal(await outbox.enqueue(request("ana@example.test")), "queued");
    const down = await mailTick({ outbox, mailer, logger });
    assert.deepEqual({ sent: down.sent, retried: down.retried }, { sent: 0, retried: 1 });
    const [row] = await db.sql`SELECT status, attempts, last_error FROM mail_outbox`;
    assert.equal(row.status, "queued");
    assert.equal(row.attempts, 1);
    assert.ok(row.last_error);

    await smtp.start();
    const up = await mailTick({ outbox, mailer, logger });
    assert.equal(up.sent, 1);
    const mail = await smtp.waitFor(() => true);
    assert.equal(mail.subject, "Reset your Kopek password");
    const [after] = await db.sql`SELECT status, attempts, text_body FROM mail_outbox`;
    // Sent: no body kept (a reset link is a secret).
    assert.deepEqual({ ...after }, { status: "sent", attempts: 2, text_body: "" });
  } finally {
    mailer.close();
  }
});

Deno.test("outbox: a mail is given up after its last attempt, and keeps no body", async () => {
  await using db = await createTestDatabase();
  await mailSchema.apply(db.sql);
  const outbox = createMailOutbox(db.sql, { backoffMs: 0, maxAttempts: 3 });
  const broken: Mailer = { send: () => Promise.reject(new Error("550 no")), close() {} };
  await outbox.enqueue(request("ana@example.test"));
  const outcomes = [];
  for (let i = 0; i < 5; i++) outcomes.push(await mailTick({ outbox, mailer: broken, logger }));
  assert.deepEqual(outcomes.map((o) => [o.retried, o.failed]), [[1, 0], [1, 0], [0, 1], [0, 0], [
    0,
    0,
  ]]);
  const [row] = await db.sql`SELECT status, attempts, html_body, last_error FROM mail_outbox`;
  assert.deepEqual({ ...row }, {
    status: "failed",
    attempts: 3,
    html_body: "",
    last_error: "550 no",
  });
});

Deno.test("outbox: bounded per recipient (any sender, any case) and per sender (any recipient)", async () => {
  await using db = await createTestDatabase();
  await mailSchema.apply(db.sql);
  const outbox = createMailOutbox(db.sql, { perRecipientPerHour: 3, perSenderPerHour: 4 });
  const answers = await Promise.all(
    [
      "Ana@Example.test",
      "ana@example.test",
      "ANA@example.test",
      "ana@example.test",
      "ana@example.TEST",
    ]
      .map((to) => outbox.enqueue(request(to, crypto.randomUUID()))),
  );
  assert.equal(answers.filter((a) => a === "queued").length, 3);
  const eve = crypto.randomUUID();
  const spam = [];
  for (let i = 0; i < 6; i++) spam.push(await outbox.enqueue(request(`v${i}@example.test`, eve)));
  assert.deepEqual(spam, ["queued", "queued", "queued", "queued", "limited", "limited"]);
});

Deno.test("weekly summary: one per user and week, even with two workers at once", async () => {
  await using db = await createTestDatabase();
  await mailSchema.apply(db.sql);
  const outbox = createMailOutbox(db.sql);
  const settings = createMailSettings(db.sql);
  const users = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  for (const u of users) await settings.set(u, { weeklySummary: true });
  await settings.set(users[2], { weeklySummary: false });
  let clock = new Date("2026-12-07T09:00:00Z");
  const worker = () =>
    queueWeeklySummaries({
      sql: db.sql,
      outbox,
      clock: () => clock,
      newId: uuidv7,
      accountOf: (id) => Promise.resolve({ email: `${id}@example.test`, displayName: "<U>" }),
      balancesOf: () =>
        Promise.resolve([{ name: "Flat & co", balances: [{ currency: "EUR", amount: "-12.50" }] }]),
      appOrigin: "https://k.test",
    });
  const [a, b] = await Promise.all([worker(), worker()]);
  assert.equal(a + b, 2);
  assert.equal(await worker(), 0);
  const rows = await db.sql<{ to_address: string; text_body: string; html_body: string }[]>`
    SELECT to_address, text_body, html_body FROM mail_outbox ORDER BY to_address`;
  assert.deepEqual(
    rows.map((r) => r.to_address),
    users.slice(0, 2).map((u) => `${u}@example.test`).sort(),
  );
  assert.ok(rows[0].text_body.includes("Flat & co: you owe 12.50 EUR"));
  assert.ok(
    rows[0].html_body.includes("Flat &#38; co") && rows[0].html_body.includes("&#60;U&#62;"),
  );
  // The next week: one more each.
  clock = new Date("2026-12-14T09:00:00Z");
  assert.equal(await worker(), 2);
});
