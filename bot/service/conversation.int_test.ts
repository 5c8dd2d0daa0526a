/**
 * A whole conversation end to end: the bot (grammY) against a local stand-in
 * of the Telegram Bot API that records its calls, and a real all-in-one Kopek.
 * Link, add by text, balance, undo — each checked through Kopek's API.
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "../../cli/testing/client.ts";
import { startTelegramStandIn } from "../testing/telegram_stand_in.ts";
import { createBot } from "./bot.ts";
import { KopekApi } from "./kopek_api.ts";

/** A Telegram update, as grammY takes it. */
type Update = Parameters<ReturnType<typeof createBot>["handleUpdate"]>[0];

const BOT_KEY = "a-bot-service-key-that-is-long-enough-123";
const ANA_TELEGRAM = 42;

/** A private text message from Telegram user 42, as an update. */
function message(updateId: number, text: string): Update {
  const command = text.match(/^\/\w+/)?.[0];
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: ANA_TELEGRAM, type: "private", first_name: "Ana" },
      from: { id: ANA_TELEGRAM, is_bot: false, first_name: "Ana" },
      text,
      ...(command
        ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] }
        : {}),
    },
  } as Update;
}

Deno.test("link, add by text, balance and undo through Telegram, checked in Kopek", async () => {
  await using db = await createTestDatabase();
  await using telegram = startTelegramStandIn();
  const running = await startForTest(db.url, {
    KOPEK_BOT_API_KEY: BOT_KEY,
    KOPEK_RATE_LIMITS: "off",
  });
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const group = await ana.post("/v1/groups", { name: "Trip", currency: "USD" });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const g = group.body.id;
    for (const name of ["Bob", "Chen"]) {
      const m = await ana.post(`/v1/groups/${g}/members`, { name, role: "member" });
      assert.equal(m.status, 201, JSON.stringify(m.body));
    }
    const code = (await ana.post("/v1/me/telegram-link", undefined)).body.code;

    const now = () => new Date();
    const today = now().toISOString().slice(0, 10);
    const bot = createBot({
      token: "1000:stand-in-token",
      apiRoot: telegram.apiRoot,
      kopek: new KopekApi({ baseUrl: running.url, botApiKey: BOT_KEY, now, newId: uuidv7 }),
      now,
    });
    await bot.init();
    assert.equal(telegram.calls[0].method, "getMe");
    let updateId = 0;
    const say = async (text: string) => {
      const before = telegram.sentTo(ANA_TELEGRAM).length;
      await bot.handleUpdate(message(++updateId, text));
      const replies = telegram.sentTo(ANA_TELEGRAM).slice(before);
      assert.equal(replies.length, 1, `one reply to ${text}: ${JSON.stringify(replies)}`);
      return replies[0];
    };

    // Before linking the bot asks for a code.
    assert.match(await say("/balance"), /Link your Kopek account first/);
    assert.match(await say(`/start ${code}`), /^Linked to Ana's Kopek account/);
    assert.match(
      await say("/start AAAAAAAAAAAAAAAA"),
      /code was used already|linked elsewhere|unknown/,
    );

    assert.equal(
      await say("Add $50 for food"),
      "Recorded 50.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen (everyone) (today). /undo to take it back.",
    );
    // The balances read waits for the bot's write (Kopek-Min-Position), so the list below sees it.
    const balance = await say("/balance");
    assert.match(balance, /^Balances in Trip:/);
    assert.match(balance, /Ana: \+33\.33 USD|Ana: \+33\.34 USD/);
    assert.match(balance, /Bob pays Ana 16\.6\d USD/);
    const expenses = (await ana.get(`/v1/groups/${g}/expenses`)).body.items;
    assert.equal(expenses.length, 1, JSON.stringify(expenses));
    assert.deepEqual(expenses[0].total, { amount: "50.00", currency: "USD" });
    assert.equal(expenses[0].category, "food");
    assert.equal(expenses[0].date, today);

    // "/add" with group-currency text works as well; then undo voids the last one only.
    assert.match(await say("/add taxi 12.50"), /^Recorded 12\.50 USD for taxi, paid by Ana/);
    assert.equal(await say("/undo"), "Undone: your last expense is voided.");
    const afterUndo = await say("/balance");
    assert.match(afterUndo, /Ana: \+33\.3\d USD/);
    const visible = (await ana.get(`/v1/groups/${g}/expenses`)).body.items;
    assert.deepEqual(visible.map((e: { description: string }) => e.description), ["food"]);
    const all = (await ana.get(`/v1/groups/${g}/expenses?includeVoided=true`)).body.items;
    assert.equal(all.length, 2, "voided, not erased");

    assert.equal(await say("/undo"), "Undone: your last expense is voided.");
    assert.match(await say("/balance"), /Everyone is settled up\./);
    assert.equal(
      await say("/undo"),
      "Nothing to undo: you have recorded nothing through me in this chat.",
    );
    assert.match(await say("50 and 60 for pizza"), /Could you rephrase/);
    assert.match(await say("/groups"), /^Trip \(USD, 3 members\)$/);
    assert.equal(await say("/use trip"), "This chat now records into Trip.");
    assert.match(await say("/help"), /\/undo/);
  } finally {
    await running.stop();
  }
});
