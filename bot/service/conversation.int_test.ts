/**
 * Whole conversations end to end: the bot (grammY) against a local stand-in
 * of the Telegram Bot API that records its calls, and a real all-in-one Kopek.
 * Link, add by text, undo through the inline button, balance, an ambiguous
 * message answered through the inline keyboard, notifications (and /mute),
 * /settle, /lang, and the state surviving a restart with Valkey — each
 * checked through Kopek's API.
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { KopekClient } from "@kopek/testing";
import { TelegramUser } from "../testing/conversation.ts";
import { readAtHead } from "../testing/read_at_head.ts";
import type { TelegramStandIn } from "../testing/telegram_stand_in.ts";
import { BOT_KEY, startBotStand } from "../testing/kopek_stand.ts";
import type { BotStore } from "../state/store.ts";
import { createValkeyStore } from "../state/valkey_store.ts";
import { createBot } from "./bot.ts";
import { KopekApi } from "./kopek_api.ts";

const ANA = 42;
const BOB = 43;

async function newBot(url: string, telegram: TelegramStandIn, store?: BotStore) {
  const errors: unknown[] = [];
  const now = () => new Date();
  const bot = createBot({
    token: "1000:stand-in-token",
    apiRoot: telegram.apiRoot,
    kopek: new KopekApi({ baseUrl: url, botApiKey: BOT_KEY, now, newId: uuidv7 }),
    idSecret: BOT_KEY,
    now,
    store,
    retryDelaysMs: [50, 100],
    onError: (e) => void errors.push(e),
  });
  await bot.init();
  return { bot, errors };
}

/** Ana's group Trip (USD) with Bob (a user who joined) and Chen (no account). */
async function tripWithAnaAndBob(url: string) {
  const api = new KopekClient(url);
  const { client: ana } = await api.register("ana@example.com", "Ana");
  const { client: bob } = await api.register("bob@example.com", "Bob");
  const group = await ana.post("/v1/groups", { name: "Trip", currency: "USD" });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  const g = group.body.id as string;
  const member = await ana.post(`/v1/groups/${g}/members`, { name: "Bob", role: "member" });
  assert.equal(member.status, 201, JSON.stringify(member.body));
  const invite = await ana.post(`/v1/groups/${g}/invites`, {
    memberId: member.body.id,
    role: "member",
  });
  assert.equal(invite.status, 201, JSON.stringify(invite.body));
  const accepted = await bob.post(`/v1/invites/${invite.body.code}/accept`, undefined);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.equal(
    (await ana.post(`/v1/groups/${g}/members`, { name: "Chen", role: "member" })).status,
    201,
  );
  const code = async (c: KopekClient) =>
    (await c.post("/v1/me/telegram-link", undefined)).body.code as string;
  return { ana, bob, g, anaCode: await code(ana), bobCode: await code(bob) };
}

Deno.test("link, add, undo by button, balance, a question, notifications, mute and /settle", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  const { ana, g, anaCode, bobCode } = await tripWithAnaAndBob(running.url);
  const { bot, errors } = await newBot(running.url, telegram);
  assert.equal(telegram.calls[0].method, "getMe");
  const anaChat = new TelegramUser(ANA, bot, telegram);
  const bobChat = new TelegramUser(BOB, bot, telegram);
  type Item = { id: string; description: string; total: unknown };
  /** The expenses once the read model has caught up with the bot's writes (its projector is async). */
  const expenses = async (voided = false) =>
    (await readAtHead(ana, g, `/v1/groups/${g}/expenses${voided ? "?includeVoided=true" : ""}`))
      .items as Item[];

  // Before linking the bot asks for a code.
  assert.match((await anaChat.say("/balance"))[0], /Link your Kopek account first/);
  assert.match((await anaChat.say(`/start ${anaCode}`))[0], /^Linked to Ana's Kopek account/);
  assert.match((await bobChat.say(`/start ${bobCode}`))[0], /^Linked to Bob's Kopek account/);

  // Add by text: the reply says what and which defaults, with Undo/Edit buttons; Bob is told.
  const bobBefore = telegram.sentTo(BOB).length;
  const added = await anaChat.say("Add 60 for food");
  assert.deepEqual(added, [
    "Recorded 60.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen (everyone) (today).\n" +
    "Defaults applied: currency USD (the group's), date today, split between everyone.",
  ]);
  const markup = telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard.flat();
  assert.deepEqual(markup.map((b: { text: string }) => b.text), ["Undo", "Edit"]);
  assert.ok(
    markup.every((b: { callback_data: string }) =>
      new TextEncoder().encode(b.callback_data).length <= 64
    ),
  );
  assert.deepEqual(telegram.sentTo(BOB).slice(bobBefore), [
    "Ana recorded in Trip: 60.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen (everyone) (today).",
  ]);
  assert.equal((await expenses()).length, 1);

  // The same message delivered again records nothing new.
  assert.match(
    (await anaChat.resend(anaChat.nextMessageId - 1, "Add 60 for food"))[0],
    /^Recorded 60\.00 USD/,
  );
  assert.equal((await expenses()).length, 1);

  assert.match(
    (await anaChat.say("/balance")).join(),
    /Ana: \+40\.00 USD[\s\S]*Bob pays Ana 20\.00 USD/,
  );

  // A second expense, undone through its button: voided, not erased.
  assert.match(
    (await anaChat.say("/add taxi $12.50 split with Bob"))[0],
    /^Recorded 12\.50 USD for taxi, paid by Ana, split equally between Ana, Bob \(today\)\.\nDefaults applied: date today\.$/,
  );
  assert.deepEqual(await anaChat.tap("Undo"), ["Undone: your last entry is voided."]);
  assert.deepEqual((await expenses()).map((e) => e.description), ["food"]);
  assert.equal((await expenses(true)).length, 2);

  // Edit: tap Edit under the food expense, send the corrected text: the same expense, amended.
  const foodMessage = telegram.messagesTo(ANA).findLast((p) => /for food/.test(p.text))!;
  const editData = foodMessage.reply_markup.inline_keyboard.flat()
    .find((b: { text: string }) => b.text === "Edit").callback_data;
  await bot.handleUpdate(
    (await import("../testing/conversation.ts")).tapUpdate(ANA, 1, editData),
  );
  assert.match(telegram.sentTo(ANA).at(-1)!, /Send the corrected message/);
  assert.match((await anaChat.say("groceries 45"))[0], /^Changed to 45\.00 USD for groceries/);
  const afterEdit = await expenses();
  assert.equal(afterEdit.length, 1);
  assert.deepEqual(afterEdit[0].total, { amount: "45.00", currency: "USD" });

  // An ambiguous message gets a question; the answer records the chosen amount, once.
  const asked = await anaChat.say("pizza 30 and 24");
  assert.deepEqual(asked, ["I see more than one amount. Which one is the total?"]);
  assert.match((await anaChat.tap("24"))[0], /^Recorded 24\.00 USD for pizza/);
  assert.match((await anaChat.tap("24"))[0], /^Recorded 24\.00 USD for pizza/);
  assert.equal((await expenses()).length, 2, "tapping twice records once");
  // An unknown name: map it to a member.
  assert.deepEqual(await anaChat.say("cinema 18 split with Zed"), ['Who is "Zed"?']);
  assert.match(
    (await anaChat.tap("Chen"))[0],
    /^Recorded 18\.00 USD for cinema, paid by Ana, split equally between Ana, Chen/,
  );
  assert.equal((await expenses()).length, 3);
  // A name with no role: who paid, or who shares?
  assert.deepEqual(await anaChat.say("taxi 20 Bob"), ["What about Bob?"]);
  assert.match(
    (await anaChat.tap("Bob paid"))[0],
    /^Recorded 20\.00 USD for taxi, paid by Bob, /,
  );
  assert.equal((await expenses()).length, 4);

  // Bob mutes: no notification; unmutes: notified again.
  assert.match((await bobChat.say("/mute"))[0], /^Muted/);
  let before = telegram.sentTo(BOB).length;
  await anaChat.say("bus 9 split with Bob");
  assert.equal(telegram.sentTo(BOB).length, before, "muted");
  await bobChat.say("/unmute");
  before = telegram.sentTo(BOB).length;
  await anaChat.say("museum 10 split with Chen");
  assert.equal(telegram.sentTo(BOB).length, before, "not involved: not told");
  await anaChat.say("coffee 4 split with Bob");
  assert.equal(telegram.sentTo(BOB).length, before + 1, "involved and unmuted: told");

  // Settlements from text, then /settle with a button per transfer.
  assert.match((await bobChat.say("paid Ana 5"))[0], /^Recorded: Bob paid Ana 5\.00 USD\.$/);
  const plan = await anaChat.say("/settle");
  assert.match(plan[0], /^To settle up in Trip/);
  const transfers = telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard.flat();
  assert.ok(transfers.length >= 1);
  type Balances = { members: { memberId: string; balance: { amount: string } }[] };
  const cents = async () => {
    const { members } = await readAtHead<Balances>(ana, g, `/v1/groups/${g}/balances`);
    return new Map(members.map((x) => [x.memberId, Math.round(Number(x.balance.amount) * 100)]));
  };
  const before1 = await cents();
  assert.match((await anaChat.tap(transfers[0].text))[0], /^Recorded: \w+ paid \w+ /);
  assert.match((await anaChat.tap(transfers[0].text))[0], /^Recorded: \w+ paid \w+ /);
  const after1 = await cents();
  const amount = Math.round(Number(/ (\d+\.\d\d) USD$/.exec(transfers[0].text)![1]) * 100);
  const moved = [...after1].map(([id, c]) => Math.abs(c - before1.get(id)!));
  assert.equal(moved.reduce((a, b) => a + b, 0), 2 * amount, "recorded once, not twice");

  // Languages.
  assert.equal((await anaChat.say("/lang es"))[0], "Responderé en español.");
  assert.match((await anaChat.say("/balance"))[0], /^Saldos en Trip:/);
  assert.equal((await anaChat.say("/lang de"))[0], "Ich antworte auf Deutsch.");
  assert.match((await anaChat.say("/undo"))[0], /^Rückgängig/);
  assert.equal(errors.length, 0, String(errors));
});

Deno.test("with Valkey, a restarted bot remembers the chat's group, undo stack and mute", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  const prefix = `kopek-test:bot:${crypto.randomUUID()}:`;
  const valkey = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";
  const { ana, g, anaCode } = await tripWithAnaAndBob(running.url);
  const store1 = createValkeyStore(valkey, { prefix });
  const first = await newBot(running.url, telegram, store1);
  const chat1 = new TelegramUser(ANA, first.bot, telegram);
  await chat1.say(`/start ${anaCode}`);
  assert.match((await chat1.say("/use trip"))[0], /records into Trip/);
  assert.match((await chat1.say("taxi 20"))[0], /^Recorded 20\.00 USD/);
  await store1.close();

  const store2 = createValkeyStore(valkey, { prefix });
  try {
    const second = await newBot(running.url, telegram, store2);
    const chat2 = new TelegramUser(ANA, second.bot, telegram);
    assert.equal((await chat2.say("/undo"))[0], "Undone: your last entry is voided.");
    assert.match((await chat2.say("/groups"))[0], /^• Trip/);
    const all = (await readAtHead(ana, g, `/v1/groups/${g}/expenses?includeVoided=true`)).items;
    assert.equal(all.length, 1);
    assert.ok(all[0].voided ?? all[0].status === "voided", JSON.stringify(all[0]));
  } finally {
    await store2.close();
  }
});

Deno.test("two members with one name: the bot asks which, books to that member's id, and says when one is gone", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  const { ana, g, anaCode } = await tripWithAnaAndBob(running.url);
  // A second "Bob" (no account): the domain allows two members with one name.
  const second = await ana.post(`/v1/groups/${g}/members`, { name: "Bob", role: "member" });
  assert.equal(second.status, 201, JSON.stringify(second.body));
  const bob2 = second.body.id as string;
  type M = { id: string; name: string };
  const { members } = await readAtHead<{ members: M[] }>(ana, g, `/v1/groups/${g}`);
  const bob1 = members.find((x) => x.name === "Bob" && x.id !== bob2)!.id;
  const chen = members.find((x) => x.name === "Chen")!.id;
  type Balances = { members: { memberId: string; balance: { amount: string } }[] };
  const balance = async (memberId: string) =>
    (await readAtHead<Balances>(ana, g, `/v1/groups/${g}/balances`)).members
      .find((x) => x.memberId === memberId)!.balance.amount;

  const { bot, errors } = await newBot(running.url, telegram);
  const anaChat = new TelegramUser(ANA, bot, telegram);
  await anaChat.say(`/start ${anaCode}`);

  // "Bob" is two people: the bot asks, and books the one tapped.
  assert.deepEqual(await anaChat.say("taxi 30 split with Bob"), ['Which "Bob"?']);
  const labels = telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard.flat()
    .map((b: { text: string }) => b.text);
  assert.deepEqual(labels, ["Bob (1)", "Bob (2)"]);
  assert.match(
    (await anaChat.tap("Bob (2)"))[0],
    /^Recorded 30\.00 USD for taxi, paid by Ana, split equally between Ana, Bob/,
  );
  assert.equal(await balance(bob2), "-15.00");
  assert.equal(await balance(bob1), "0.00");

  // /settle keeps member ids: renamed since the plan was shown, still the right member.
  assert.match((await anaChat.say("/settle"))[0], /^To settle up in Trip/);
  assert.equal(
    (await ana.patch(`/v1/groups/${g}/members/${bob2}`, { name: "Robert" })).status,
    200,
  );
  await readAtHead(ana, g, `/v1/groups/${g}`);
  assert.deepEqual(await anaChat.tap(/^Bob → Ana 15\.00 USD$/), [
    "Recorded: Robert paid Ana 15.00 USD.",
  ]);
  assert.equal(await balance(bob2), "0.00");
  assert.equal(await balance(bob1), "0.00");

  // A member gone since the plan was shown: said so, nothing booked, no crash.
  await anaChat.say("cinema 20 split with Chen");
  assert.match((await anaChat.say("/settle"))[0], /^To settle up in Trip/);
  const paid = await ana.post(`/v1/groups/${g}/settlements`, {
    from: chen,
    to: (members.find((x) => x.name === "Ana")!).id,
    amount: { amount: "10.00", currency: "USD" },
    date: new Date().toISOString().slice(0, 10),
  });
  assert.equal(paid.status, 201, JSON.stringify(paid.body));
  await balance(chen);
  const removed = await ana.delete(`/v1/groups/${g}/members/${chen}`);
  assert.equal(removed.status, 200, JSON.stringify(removed.body));
  await readAtHead(ana, g, `/v1/groups/${g}`);
  assert.deepEqual(await anaChat.tap(/^Chen → Ana 10\.00 USD$/), [
    "Chen is no longer an active member of Trip: nothing was recorded.",
  ]);
  assert.equal(await balance(chen), "0.00");
  assert.equal(errors.length, 0, String(errors));
});
