/**
 * Receipts through the bot end to end: a photo sent to the bot (served by the
 * Telegram stand-in) lands on the expense in a real all-in-one Kopek through
 * the public attachments route; the same photo again attaches once; a forged
 * type and a file past 10 MiB are refused in words, nothing stored.
 */
import assert from "node:assert/strict";
import sharp from "sharp";
import { v7 as uuidv7 } from "uuid";
import { KopekClient } from "@kopek/testing";
import { TelegramUser } from "../testing/conversation.ts";
import { readAtHead } from "../testing/read_at_head.ts";
import { BOT_KEY, startBotStand } from "../testing/kopek_stand.ts";
import { createBot } from "./bot.ts";
import { KopekApi } from "./kopek_api.ts";
import { messages } from "./messages.ts";

const ANA = 42;
const en = messages("en");

Deno.test("a photo sent after an expense is attached to it through the API; refusals are said", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  const api = new KopekClient(running.url);
  const { client: ana } = await api.register("ana@example.com", "Ana");
  const group = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  const g = group.body.id as string;
  const code = (await ana.post("/v1/me/telegram-link", undefined)).body.code as string;
  const errors: unknown[] = [];
  const now = () => new Date();
  const bot = createBot({
    token: "1000:stand-in-token",
    apiRoot: telegram.apiRoot,
    kopek: new KopekApi({ baseUrl: running.url, botApiKey: BOT_KEY, now, newId: uuidv7 }),
    idSecret: BOT_KEY,
    now,
    retryDelaysMs: [50, 100],
    onError: (e) => void errors.push(e),
  });
  await bot.init();
  const chat = new TelegramUser(ANA, bot, telegram);
  assert.match((await chat.say(`/start ${code}`))[0], /^Linked/);
  assert.match((await chat.say("taxi 12.50"))[0], /^Recorded 12\.50 EUR for taxi/);
  const [expense] = (await readAtHead(ana, g, `/v1/groups/${g}/expenses`)).items;

  const jpeg = new Uint8Array(
    await sharp({ create: { width: 64, height: 48, channels: 3, background: "white" } }).jpeg()
      .toBuffer(),
  );
  telegram.putFile("photo-1", jpeg);
  assert.deepEqual(await chat.send({ kind: "photo", fileId: "photo-1" }), [
    "Receipt attached to 12.50 EUR for taxi.",
  ]);
  assert.deepEqual(await chat.send({ kind: "photo", fileId: "photo-1" }), [
    "Receipt attached to 12.50 EUR for taxi.",
  ]);
  const attached = async () =>
    (await readAtHead(ana, g, `/v1/groups/${g}/expenses/${expense.id}/attachments`)).items as {
      contentType: string;
      width: number;
    }[];
  const items = await attached();
  assert.equal(items.length, 1);
  assert.equal(items[0].contentType, "image/jpeg");
  assert.equal(items[0].width, 64);

  // A text file sent as a "JPEG": Kopek sniffs the bytes and refuses it.
  telegram.putFile("forged", new TextEncoder().encode("this is not a picture"));
  assert.deepEqual(
    await chat.send({
      kind: "document",
      fileId: "forged",
      mimeType: "image/jpeg",
      name: "receipt.jpg",
    }),
    [en.receiptUnsupported],
  );
  // Past 10 MiB (Telegram understating its size): the download stops, nothing is sent.
  telegram.putFile("huge", new Uint8Array(10 * 1024 * 1024 + 1), 2048);
  assert.deepEqual(await chat.send({ kind: "photo", fileId: "huge" }), [en.receiptTooLarge]);
  assert.equal((await attached()).length, 1);
  assert.deepEqual(errors, []);
});
