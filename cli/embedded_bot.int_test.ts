/**
 * The bot inside the all-in-one process (`KOPEK_TELEGRAM_TOKEN`), against the
 * Telegram stand-in (`KOPEK_TELEGRAM_API_ROOT`): long polling, and a webhook
 * mounted on the process's own server behind its secret token. The bot
 * reaches the process's API with the key the process holds.
 */
import assert from "node:assert/strict";
import { tapUpdate, textUpdate } from "../bot/testing/conversation.ts";
import type { TelegramStandIn } from "../bot/testing/telegram_stand_in.ts";
import { startBotStand } from "../bot/testing/kopek_stand.ts";
import { KopekClient } from "@kopek/testing";

const TOKEN = "1000:stand-in-token";
const SECRET = "a-webhook-secret-of-some-length";
const ANA = 42;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>) {
  for (let i = 0; i < 100; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function anaWithCode(url: string) {
  const api = new KopekClient(url);
  const { client: ana } = await api.register("ana@example.com", "Ana");
  const g = (await ana.post("/v1/groups", { name: "Home", currency: "EUR" })).body.id as string;
  const code = (await ana.post("/v1/me/telegram-link", undefined)).body.code as string;
  return { ana, g, code };
}

const reply = (telegram: TelegramStandIn, pattern: RegExp) =>
  until(`a reply ${pattern}`, () => telegram.sentTo(ANA).find((t) => pattern.test(t)));

Deno.test("all-in-one with KOPEK_TELEGRAM_TOKEN: the bot polls and records through the process's API", async () => {
  await using stand = await startBotStand((telegram) => ({
    KOPEK_TELEGRAM_TOKEN: TOKEN,
    KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
  }));
  const { telegram, running } = stand;
  const { ana, g, code } = await anaWithCode(running.url);
  telegram.push(textUpdate(ANA, 1, `/start ${code}`));
  await reply(telegram, /^Linked to Ana's Kopek account/);
  telegram.push(textUpdate(ANA, 2, "groceries 23,40"));
  await reply(telegram, /^Recorded 23\.40 EUR for groceries/);
  const items = await until("the expense", async () => {
    const list = (await ana.get(`/v1/groups/${g}/expenses`)).body.items;
    return list.length > 0 ? list : undefined;
  });
  assert.equal(items.length, 1);
  assert.ok(telegram.calls.some((c) => c.method === "getUpdates"));
});

Deno.test("all-in-one with a webhook: mounted on the process's server, refused without the secret", async () => {
  await using stand = await startBotStand((telegram) => ({
    KOPEK_TELEGRAM_TOKEN: TOKEN,
    KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
    KOPEK_TELEGRAM_WEBHOOK_URL: "https://kopek.example.com/telegram/hook",
    KOPEK_TELEGRAM_WEBHOOK_SECRET: SECRET,
  }));
  const { telegram, running } = stand;
  const set = await until(
    "setWebhook",
    () => telegram.calls.find((c) => c.method === "setWebhook"),
  );
  assert.equal(set.payload.url, "https://kopek.example.com/telegram/hook");
  assert.equal(set.payload.secret_token, SECRET);
  assert.ok(!telegram.calls.some((c) => c.method === "getUpdates"), "no polling");

  const { ana, g, code } = await anaWithCode(running.url);
  const post = (update: unknown, secret?: string) =>
    fetch(`${running.url}/telegram/hook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify(update),
    });
  const forged = await post(textUpdate(ANA, 1, `/start ${code}`));
  assert.equal(forged.status, 401);
  await forged.body?.cancel();
  assert.equal(telegram.sentTo(ANA).length, 0);

  const linked = await post(textUpdate(ANA, 1, `/start ${code}`), SECRET);
  assert.equal(linked.status, 200);
  await linked.body?.cancel();
  await reply(telegram, /^Linked to Ana's Kopek account/);
  // Telegram redelivers an update whose answer it missed: recorded once.
  for (let i = 0; i < 2; i++) {
    const r = await post(textUpdate(ANA, 2, "cinema 12"), SECRET);
    assert.equal(r.status, 200);
    await r.body?.cancel();
  }
  await reply(telegram, /^Recorded 12\.00 EUR for cinema/);
  const all = await until("the expense", async () => {
    const list = (await ana.get(`/v1/groups/${g}/expenses?includeVoided=true`)).body.items;
    return list.length > 0 ? list : undefined;
  });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(
    (await ana.get(`/v1/groups/${g}/expenses?includeVoided=true`)).body.items.length,
    1,
  );
  assert.equal(all.length, 1);
});

Deno.test("all-in-one on a specific address (KOPEK_HOSTNAME=127.0.0.2): the bot reaches the API there", async () => {
  await using stand = await startBotStand((telegram) => ({
    KOPEK_HOSTNAME: "127.0.0.2",
    KOPEK_TELEGRAM_TOKEN: TOKEN,
    KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
  }));
  const { telegram, running } = stand;
  assert.match(running.url, /^http:\/\/127\.0\.0\.2:/);
  const { code } = await anaWithCode(running.url);
  telegram.push(textUpdate(ANA, 1, `/start ${code}`));
  await reply(telegram, /^Linked to Ana's Kopek account/);
});

Deno.test("all-in-one stopping with a webhook update in flight: the handler finishes with its state", async () => {
  await using stand = await startBotStand((telegram) => ({
    KOPEK_TELEGRAM_TOKEN: TOKEN,
    KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
    KOPEK_TELEGRAM_WEBHOOK_URL: "https://kopek.example.com/telegram/hook",
    KOPEK_TELEGRAM_WEBHOOK_SECRET: SECRET,
  }));
  const { telegram, running } = stand;
  let stopped: Promise<void> | undefined;
  try {
    await until("setWebhook", () => telegram.calls.find((c) => c.method === "setWebhook"));
    const { code } = await anaWithCode(running.url);
    const post = (update: unknown) =>
      fetch(`${running.url}/telegram/hook`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-telegram-bot-api-secret-token": SECRET,
        },
        body: JSON.stringify(update),
      }).then((r) => r.body?.cancel());
    await post(textUpdate(ANA, 1, `/start ${code}`));
    await reply(telegram, /^Linked/);
    await post(textUpdate(ANA, 2, "cinema 12"));
    await reply(telegram, /^Recorded 12\.00 EUR for cinema/);
    const edit = telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard.flat()
      .find((b: { text: string }) => b.text === "Edit").callback_data as string;

    // Tap Edit; Telegram is slow to acknowledge the tap, and the process is told to stop meanwhile.
    telegram.fail("answerCallbackQuery", { kind: "delay", ms: 1000 });
    const tapped = post(tapUpdate(ANA, 3, edit));
    await until(
      "the tap in flight",
      () => telegram.calls.find((c) => c.method === "answerCallbackQuery"),
    );
    stopped = running.stop();
    await tapped;
    await stopped;
    // The handler still found its entry (the state store outlived the server), so it asks for the edit.
    assert.match(telegram.sentTo(ANA).at(-1)!, /Send the corrected message/);
  } finally {
    await (stopped ?? running.stop());
  }
});

Deno.test("all-in-one with a webhook and no secret: one is generated, registered and required", async () => {
  await using stand = await startBotStand((telegram) => ({
    KOPEK_TELEGRAM_TOKEN: TOKEN,
    KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
    KOPEK_TELEGRAM_WEBHOOK_URL: "https://kopek.example.com/telegram/hook",
  }));
  const { telegram, running } = stand;
  const set = await until(
    "setWebhook",
    () => telegram.calls.find((c) => c.method === "setWebhook"),
  );
  const secret = set.payload.secret_token as string;
  assert.match(secret, /^[A-Za-z0-9_-]{16,256}$/);
  const post = (headers: Record<string, string>) =>
    fetch(`${running.url}/telegram/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(textUpdate(ANA, 1, "/help")),
    });
  const forged = await post({});
  assert.equal(forged.status, 401);
  await forged.body?.cancel();
  const real = await post({ "x-telegram-bot-api-secret-token": secret });
  assert.equal(real.status, 200);
  await real.body?.cancel();
  await reply(telegram, /\/balance/);
});
