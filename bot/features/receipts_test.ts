import assert from "node:assert/strict";
import { KopekApiError } from "../service/kopek_api.ts";
import { messages } from "../service/messages.ts";
import { featureBot } from "../testing/feature_bot.ts";
import { ANA } from "../testing/fake_kopek.ts";
import { receipts } from "./receipts.ts";
import { recording } from "./recording.ts";

const en = messages("en");
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
const PDF = new TextEncoder().encode("%PDF-1.7\n%receipt\n");
const TEXT = new TextEncoder().encode("not an image at all");

/** A bot with recording and receipts, its clock at `clock.now`. */
function receiptBot() {
  const clock = { now: new Date("2026-12-05T12:00:00Z") };
  const fb = featureBot([receipts(), recording()], { now: () => clock.now });
  return { fb, clock };
}

Deno.test("receipts(): a photo after an expense attaches to it, once however often it is sent", async () => {
  const { fb } = receiptBot();
  await using _ = fb;
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("taxi 12");
  fb.telegram.putFile("photo-1", JPEG);
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "photo-1" }), [
    "Receipt attached to 12.00 USD for taxi.",
  ]);
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "photo-1" }), [
    "Receipt attached to 12.00 USD for taxi.",
  ]);
  assert.equal(fb.kopek.attachments.size, 1);
  const [[, kept]] = [...fb.kopek.attachments];
  assert.deepEqual(kept.bytes, JPEG);
  assert.equal(kept.expenseId, [...fb.kopek.written.keys()][0]);
  // The largest size of the photo was downloaded, never the thumbnail.
  assert.deepEqual(fb.telegram.downloads, ["photo-1", "photo-1"]);
});

Deno.test("receipts(): a file replying to an older expense attaches to that one", async () => {
  const { fb } = receiptBot();
  await using _ = fb;
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("hotel 90");
  const hotel = fb.telegram.messagesTo(ANA).at(-1)!;
  await fb.ana.say("taxi 12");
  fb.telegram.putFile("pdf-1", PDF);
  const replies = await fb.ana.send(
    { kind: "document", fileId: "pdf-1", mimeType: "application/pdf", name: "hotel.pdf" },
    { replyTo: { message_id: 7, reply_markup: hotel.reply_markup } },
  );
  assert.deepEqual(replies, ["Receipt attached to 90.00 USD for hotel."]);
  const [[, kept]] = [...fb.kopek.attachments];
  assert.equal(kept.expenseId, [...fb.kopek.written.keys()][0]);
  assert.equal(kept.name, "hotel.pdf");
  // Replying to the user's own message of the expense works too.
  fb.telegram.putFile("photo-2", JPEG);
  await fb.ana.send({ kind: "photo", fileId: "photo-2" }, { replyTo: { message_id: 2 } });
  assert.equal([...fb.kopek.attachments.values()][1].expenseId, [...fb.kopek.written.keys()][1]);
});

Deno.test("receipts(): no expense in the last 10 minutes, or a reply to none, is asked about", async () => {
  const { fb, clock } = receiptBot();
  await using _ = fb;
  await fb.kopek.link("good-code", ANA);
  fb.telegram.putFile("photo-1", JPEG);
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "photo-1" }), [
    en.receiptNoExpense,
  ]);
  await fb.ana.say("taxi 12");
  clock.now = new Date("2026-12-05T12:11:00Z");
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "photo-1" }), [
    en.receiptNoExpense,
  ]);
  assert.deepEqual(
    await fb.ana.send({ kind: "photo", fileId: "photo-1" }, { replyTo: { message_id: 99 } }),
    [en.receiptNoExpense],
  );
  assert.equal(fb.kopek.attachments.size, 0);
  assert.deepEqual(fb.telegram.downloads, []);
});

Deno.test("receipts(): too large, a forged type, a voided expense and a refusal are said", async () => {
  const { fb } = receiptBot();
  await using _ = fb;
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("taxi 12");
  // Telegram says it is large: not even downloaded.
  fb.telegram.putFile("big", JPEG, 11 * 1024 * 1024);
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "big" }), [en.receiptTooLarge]);
  // Telegram says it is small, but the bytes go on: the download stops at 10 MiB.
  fb.telegram.putFile("liar", new Uint8Array(10 * 1024 * 1024 + 1), 1000);
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "liar" }), [en.receiptTooLarge]);
  assert.deepEqual(fb.telegram.downloads, ["liar"]);
  fb.telegram.putFile("forged", TEXT);
  assert.deepEqual(
    await fb.ana.send({
      kind: "document",
      fileId: "forged",
      mimeType: "image/jpeg",
      name: "a.jpg",
    }),
    [en.receiptUnsupported],
  );
  fb.telegram.putFile("photo-1", JPEG);
  const addAttachment = fb.kopek.addAttachment;
  Object.assign(fb.kopek, {
    addAttachment: () => Promise.reject(new KopekApiError(403, "forbidden", "a viewer")),
  });
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "photo-1" }), [
    en.receiptForbidden,
  ]);
  Object.assign(fb.kopek, { addAttachment });
  [...fb.kopek.written.values()][0].voided = true;
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "photo-1" }), [
    en.receiptExpenseGone,
  ]);
  assert.equal(fb.kopek.attachments.size, 0);
});

Deno.test("receipts(): other documents are left alone; replies are in the user's language", async () => {
  const { fb } = receiptBot();
  await using _ = fb;
  await fb.kopek.link("good-code", ANA);
  fb.telegram.putFile("notes", TEXT);
  assert.deepEqual(
    await fb.ana.send({ kind: "document", fileId: "notes", mimeType: "text/plain", name: "n.txt" }),
    [],
  );
  await fb.ana.say("taxi 12");
  fb.telegram.putFile("photo-1", JPEG);
  const es = messages("es");
  assert.deepEqual(
    await fb.ana.send({ kind: "photo", fileId: "photo-1" }, { languageCode: "es" }),
    [es.receiptAttached(`12.00 USD${es.forWhat("taxi")}`)],
  );
  await fb.state.setPrefs(ANA, { lang: "de" });
  fb.telegram.putFile("big", JPEG, 11 * 1024 * 1024);
  assert.deepEqual(await fb.ana.send({ kind: "photo", fileId: "big" }), [
    messages("de").receiptTooLarge,
  ]);
});
