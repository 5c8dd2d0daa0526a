import assert from "node:assert/strict";
import { Hono } from "hono";
import { createBot } from "./bot.ts";
import { KopekApi } from "./kopek_api.ts";
import { telegramWebhook, webhookPath } from "./webhook.ts";
import { STAND_IN_BOT } from "../testing/telegram_stand_in.ts";

Deno.test("telegramWebhook() refuses an update without the secret token", async () => {
  const now = () => new Date();
  const bot = createBot({
    token: "1000:stand-in-token",
    kopek: new KopekApi({
      baseUrl: "http://127.0.0.1:1",
      botApiKey: "k".repeat(32),
      newId: () => "x",
    }),
    idSecret: "k".repeat(32),
    now,
  });
  bot.botInfo = STAND_IN_BOT as typeof bot.botInfo;
  const app = new Hono();
  telegramWebhook(bot, { path: "/telegram/webhook", secretToken: "s".repeat(20) })(app);
  const update = { update_id: 1 };
  const without = await app.request("/telegram/webhook", {
    method: "POST",
    body: JSON.stringify(update),
    headers: { "content-type": "application/json" },
  });
  assert.equal(without.status, 401);
  const wrong = await app.request("/telegram/webhook", {
    method: "POST",
    body: JSON.stringify(update),
    headers: {
      "content-type": "application/json",
      "x-telegram-bot-api-secret-token": "t".repeat(20),
    },
  });
  assert.equal(wrong.status, 401);
  const right = await app.request("/telegram/webhook", {
    method: "POST",
    body: JSON.stringify(update),
    headers: {
      "content-type": "application/json",
      "x-telegram-bot-api-secret-token": "s".repeat(20),
    },
  });
  assert.equal(right.status, 200);
  assert.equal(webhookPath("https://bot.example.com/telegram/webhook"), "/telegram/webhook");
});
