import assert from "node:assert/strict";
import { fakeKopek } from "../testing/fake_kopek.ts";
import { TelegramUser } from "../testing/conversation.ts";
import { STAND_IN_BOT, startTelegramStandIn } from "../testing/telegram_stand_in.ts";
import { createBot, HELP } from "./bot.ts";
import { messages } from "./messages.ts";

Deno.test("createBot() gives each command to its feature and only other texts to recording", async () => {
  await using telegram = startTelegramStandIn();
  const kopek = fakeKopek();
  const bot = createBot({
    token: "1000:stand-in-token",
    apiRoot: telegram.apiRoot,
    kopek,
    idSecret: "a-secret-for-the-ids-of-bot-entries",
    now: () => new Date(),
  });
  bot.botInfo = STAND_IN_BOT as typeof bot.botInfo;
  const ana = new TelegramUser(42, bot, telegram);
  const en = messages("en");
  assert.match((await ana.say("/start good-code"))[0], /^Linked to Ana's/);
  assert.deepEqual(await ana.say("/help"), [HELP]);
  assert.deepEqual(await ana.say("/groups"), ["Trip (USD, 3 members)"]);
  assert.deepEqual(await ana.say("/use trip"), ["This chat now records into Trip."]);
  assert.deepEqual(await ana.say("/balance"), [`Balances in Trip:\n${en.settledUp}`]);
  assert.deepEqual(await ana.say("/settle"), [en.settledUp]);
  assert.deepEqual(await ana.say("/undo"), [en.nothingToUndo]);
  assert.deepEqual(await ana.say("/mute"), [en.muted]);
  assert.match((await ana.say("/add taxi 5"))[0], /^Recorded 5\.00 USD for taxi/);
  assert.deepEqual(await ana.say("/unknown"), [`${en.unknownCommand}\n\n${en.help}`]);
  assert.deepEqual(await ana.say("/lang de"), ["Ich antworte auf Deutsch."]);
});
