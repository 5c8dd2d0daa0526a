/**
 * The bot's families against the stand-in of the Telegram Bot API and a real
 * all-in-one Kopek: updates by kind, parse outcomes, errors.
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { Registry } from "prom-client";
import { KopekClient } from "@kopek/testing";
import { TelegramUser } from "../testing/conversation.ts";
import { BOT_KEY, startBotStand } from "../testing/kopek_stand.ts";
import { createBot } from "./bot.ts";
import { KopekApi } from "./kopek_api.ts";

Deno.test("the bot counts updates, what became of each text, and errors", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  const { client: ana } = await new KopekClient(running.url).register("ana@example.com", "Ana");
  assert.equal((await ana.post("/v1/groups", { name: "Trip", currency: "USD" })).status, 201);
  const code = (await ana.post("/v1/me/telegram-link", undefined)).body.code as string;
  const registry = new Registry();
  const now = () => new Date();
  const bot = createBot({
    token: "1000:stand-in-token",
    apiRoot: telegram.apiRoot,
    kopek: new KopekApi({ baseUrl: running.url, botApiKey: BOT_KEY, now, newId: uuidv7 }),
    idSecret: BOT_KEY,
    now,
    retryDelaysMs: [50, 100],
    metrics: registry,
  });
  await bot.init();
  const chat = new TelegramUser(42, bot, telegram);
  assert.match((await chat.say(`/start ${code}`))[0], /^Linked to Ana's Kopek account/);
  assert.match((await chat.say("Add 60 for food"))[0], /^Recorded 60\.00 USD/);
  await chat.say("purple elephants dance quietly");

  const text = await registry.metrics();
  assert.match(text, /^kopek_bot_updates_total\{kind="message"\} 3$/m);
  assert.match(text, /^kopek_bot_parses_total\{outcome="recorded"\} 1$/m);
  assert.match(text, /^kopek_bot_parses_total\{outcome="not_understood"\} 1$/m);
  assert.match(text, /^kopek_bot_parses_total\{outcome="asked_back"\} 0$/m);
  assert.match(text, /^# TYPE kopek_bot_errors_total counter$/m);
});
