import assert from "node:assert/strict";
import { type FeatureBot, featureBot } from "../testing/feature_bot.ts";
import { ANA, BOB } from "../testing/fake_kopek.ts";
import { messages } from "../service/messages.ts";
import { notifications } from "./notifications.ts";
import { preferences } from "./preferences.ts";
import { receipts } from "./receipts.ts";
import { recording } from "./recording.ts";
import { undoEdit } from "./undo_edit.ts";

const NB = "\u00a0";
const DAY = "\\(\\d{4}-\\d{2}-\\d{2}\\)";
/** The labels of the buttons under the bot's newest message to Ana. */
function buttons(fb: FeatureBot): string[] {
  const markup = fb.telegram.messagesTo(ANA).at(-1)!.reply_markup;
  return markup.inline_keyboard.flat().map((b: { text: string }) => b.text);
}

Deno.test("a conversation in French: /lang fr, an expense told in French, its buttons, undo", async () => {
  await using fb = featureBot([preferences(), notifications(), undoEdit(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.kopek.link("bob-code", BOB);
  assert.deepEqual(await fb.ana.say("/lang fr"), ["Je vous répondrai en français."]);
  const [reply] = await fb.ana.say("taxi 12 hier");
  assert.match(
    reply,
    new RegExp(
      `^Enregistré${NB}: 12\\.00 USD pour taxi, payé par Ana, partagé à parts égales entre ` +
        `Ana, Bob, Chen \\(tout le monde\\) ${DAY}\\.\\nValeurs par défaut appliquées${NB}: ` +
        `devise USD \\(celle du groupe\\), partagé entre tout le monde\\.$`,
    ),
  );
  assert.deepEqual(buttons(fb), ["Annuler", "Modifier"]);
  assert.match(
    fb.telegram.sentTo(BOB).at(-1)!,
    /^Ana recorded in Trip: 12\.00 USD for taxi/,
    "Bob reads English",
  );
  assert.deepEqual(await fb.ana.say("/undo"), [messages("fr").undone]);
  assert.deepEqual(await fb.ana.say("/lang it"), [messages("fr").langUsage]);
  assert.deepEqual(fb.errors, []);
});

Deno.test("a conversation in Portuguese: /lang pt, an expense and a payment, told to Bob in Portuguese", async () => {
  await using fb = featureBot([preferences(), notifications(), undoEdit(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.kopek.link("bob-code", BOB);
  assert.deepEqual(await fb.ana.say("/lang pt"), ["Vou responder em português."]);
  await fb.bob.say("/lang pt");
  const [reply] = await fb.ana.say("táxi 12 ontem com o Bob");
  assert.match(
    reply,
    new RegExp(
      `^Anotado: 12\\.00 USD de táxi, pago por Ana, dividido em partes iguais entre Ana, Bob ` +
        `${DAY}\\.\\nValores predefinidos aplicados: moeda USD \\(a do grupo\\)\\.$`,
    ),
  );
  assert.deepEqual(buttons(fb), ["Desfazer", "Editar"]);
  assert.match(fb.telegram.sentTo(BOB).at(-1)!, /^Ana anotou em Trip: 12\.00 USD de táxi/);
  assert.deepEqual(await fb.ana.say("paguei 20 ao Bob"), ["Anotado: Ana pagou 20.00 USD a Bob."]);
  assert.equal(fb.telegram.sentTo(BOB).at(-1)!, "Ana anotou em Trip: Ana pagou 20.00 USD a Bob.");
  assert.deepEqual(fb.errors, []);
});

Deno.test("the Telegram app's language picks French or Portuguese (fr-FR, pt-BR, pt-PT) until /lang", async () => {
  await using fb = featureBot([preferences(), receipts(), recording()], {
    now: () => new Date("2026-12-05T12:00:00Z"),
  });
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("taxi 12");
  fb.telegram.putFile("big", new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 11 * 1024 * 1024);
  const big = { kind: "photo", fileId: "big" } as const;
  assert.deepEqual(await fb.ana.send(big, { languageCode: "fr-FR" }), [
    `Ce fichier dépasse 10${NB}Mio${NB}: rien n’a été joint.`,
  ]);
  for (const languageCode of ["pt-BR", "pt-PT"]) {
    assert.deepEqual(await fb.ana.send(big, { languageCode }), [
      "Esse anexo tem mais de 10 MiB: nada foi anexado.",
    ]);
  }
  await fb.ana.say("/lang de");
  assert.deepEqual(await fb.ana.send(big, { languageCode: "pt-BR" }), [
    messages("de").receiptTooLarge,
  ]);
});
