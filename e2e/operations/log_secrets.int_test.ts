/**
 * Every event names its actor, and secrets never reach the logs: a whole run of the all-in-one process at
 * `trace` level (the walkthrough of API.md, sign-ins, refreshes, a password
 * change, invites, Telegram linking, and requests that fail) is captured,
 * and no password, access or refresh token, one-time code, server secret or
 * password hash appears in it. Every event of that run, of every type, carries
 * an actor; those done by the bot also say so (`via`).
 */
import assert from "node:assert/strict";
import { connect, createLogger } from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import { startAllInOne } from "@kopek/cli";
import { KopekClient, waitReady, walkthrough } from "@kopek/testing";

const JWT_SECRET = "log-scan-jwt-secret-0123456789-abcdefghij";
const BOT_KEY = "log-scan-bot-key-0123456789-abcdefghijkl";
const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "an entirely new passphrase";

Deno.test("a full run logs no password, token, code, secret or hash", async () => {
  await using db = await createTestDatabase();
  const lines: string[] = [];
  const logger = createLogger({
    level: "trace",
    destination: { write: (s: string) => lines.push(s) },
  });
  const dataDir = await Deno.makeTempDir({ prefix: "kopek-logscan-" });
  const running = await startAllInOne({
    KOPEK_DATABASE_URL: db.url,
    KOPEK_PORT: "0",
    KOPEK_HOSTNAME: "127.0.0.1",
    KOPEK_JWT_SECRET: JWT_SECRET,
    KOPEK_BOT_API_KEY: BOT_KEY,
    KOPEK_DATA_DIR: dataDir,
    KOPEK_RATES_FETCH: "off",
  }, logger);
  const secrets = new Set<string>([JWT_SECRET, BOT_KEY, PASSWORD, NEW_PASSWORD]);
  const keep = (...values: unknown[]) => {
    for (const v of values) if (typeof v === "string" && v.length >= 8) secrets.add(v);
  };
  try {
    await waitReady(running.url);
    const walk = await walkthrough(running.url);
    keep(walk.ana.token, walk.bob.token);

    const api = new KopekClient(running.url);
    const reg = await api.post("/v1/auth/register", {
      email: "scan@example.com",
      password: PASSWORD,
      displayName: "Scan",
    });
    assert.equal(reg.status, 201);
    keep(reg.body.token, reg.body.refreshToken, reg.body.refreshToken.split(".")[1]);
    const me = api.as(reg.body.token);
    const refreshed = await api.post("/v1/auth/refresh", { refreshToken: reg.body.refreshToken });
    keep(refreshed.body.token, refreshed.body.refreshToken);
    // A replayed refresh token (logged as a warning: the session, never the token).
    assert.equal(
      (await api.post("/v1/auth/refresh", { refreshToken: reg.body.refreshToken })).status,
      401,
    );
    const wrong = await api.post("/v1/auth/login", {
      email: "scan@example.com",
      password: "wrong password 1",
    });
    assert.equal(wrong.status, 401);
    secrets.add("wrong password 1");
    // Malformed bodies holding secrets.
    await api.request(
      "POST",
      "/v1/auth/login",
      `{"email":"scan@example.com","password":"${PASSWORD}"`,
    );
    await api.post("/v1/auth/login", { email: "scan@example.com", password: PASSWORD, extra: 1 });
    const changed = await me.put("/v1/me/password", {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    assert.equal(changed.status, 200);
    keep(changed.body.token, changed.body.refreshToken);

    const link = await me.post("/v1/me/telegram-link", undefined);
    keep(link.body.code);
    const bot = api.as(BOT_KEY);
    assert.equal(
      (await bot.post("/v1/telegram/links", { code: link.body.code, telegramUserId: 4242 })).status,
      201,
    );
    const botToken = await bot.post("/v1/telegram/tokens", { telegramUserId: 4242 });
    keep(botToken.body.token);

    const group = await walk.ana.post("/v1/groups", { name: "Scan", currency: "EUR" });
    const invite = await walk.ana.post(`/v1/groups/${group.body.id}/invites`, { role: "member" });
    keep(invite.body.code);
    assert.equal((await me.post(`/v1/invites/${invite.body.code}/accept`, undefined)).status, 200);
    await me.post(`/v1/invites/${invite.body.code}/accept`, undefined);
    await api.as("not.a.valid.token").get("/v1/me");
  } finally {
    await running.stop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }

  const sql = connect(db.url, { max: 1 });
  try {
    const events = await sql<{ type: string; actor: string | null; via: string | null }[]>`
      SELECT type, metadata->>'actor' AS actor, metadata->>'via' AS via FROM events`;
    assert.ok(events.length > 30);
    const types = new Set(events.map((e) => e.type));
    for (const t of ["SessionStarted", "SessionRefreshed", "SessionEnded", "PasswordChanged"]) {
      assert.ok(types.has(t), `the run made a ${t}`);
    }
    for (const t of ["InviteCreated", "InviteAccepted", "TelegramLinked", "CodeIssued"]) {
      assert.ok(types.has(t), `the run made a ${t}`);
    }
    const anonymous = events.filter((e) => !e.actor || !/^[0-9a-f-]{36}$/.test(e.actor));
    assert.deepEqual(anonymous, [], "events without an actor");
    assert.ok(
      events.filter((e) => e.type === "TelegramLinked").every((e) => e.via === "telegram-bot"),
      "the bot's acts say so",
    );
  } finally {
    await sql.end();
  }

  const log = lines.join("");
  const count = log.split("\n").filter((l) => l.trim()).length;
  assert.ok(count > 40, `the run logged (${count} lines)`);
  assert.match(log, /"commandId"/, "writes are logged with their command id");
  assert.match(log, /\/v1\/invites\/\[redacted\]\/accept/, "the invite route is logged, masked");
  const leaked = [...secrets].filter((s) => log.includes(s));
  assert.deepEqual(leaked, [], "secrets found in the logs");
  assert.ok(!log.includes("$argon2id$"), "a password hash is in the logs");
});
