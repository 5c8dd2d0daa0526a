import assert from "node:assert/strict";
import { featureBot } from "../testing/feature_bot.ts";
import { tapUpdate } from "../testing/conversation.ts";
import { ANA, BOB } from "../testing/fake_kopek.ts";
import type { NewExpense } from "../service/kopek_api.ts";
import { messages } from "../service/messages.ts";
import { questions } from "./questions.ts";
import { recording } from "./recording.ts";

const en = messages("en");

Deno.test("questions(): the chosen amount is recorded, once however often it is tapped", async () => {
  await using fb = featureBot([questions(), recording()]);
  await fb.kopek.link("good-code", ANA);
  assert.deepEqual(await fb.ana.say("pizza 30 and 24"), [en.whichAmount]);
  assert.match((await fb.ana.tap("24"))[0], /^Recorded 24\.00 USD for pizza/);
  assert.match((await fb.ana.tap("24"))[0], /^Recorded 24\.00 USD for pizza/);
  assert.equal(fb.kopek.written.size, 1);
  assert.match(await fb.registry.metrics(), /^kopek_bot_parses_total\{outcome="asked_back"\} 1$/m);
});

Deno.test("questions(): an unknown name is mapped to the member tapped", async () => {
  await using fb = featureBot([questions(), recording()]);
  await fb.kopek.link("good-code", ANA);
  assert.deepEqual(await fb.ana.say("cinema 18 split with Zed"), [en.whoIs("Zed")]);
  assert.match(
    (await fb.ana.tap("Chen"))[0],
    /^Recorded 18\.00 USD for cinema, paid by Ana, split equally between Ana, Chen/,
  );
  const [written] = fb.kopek.written.values();
  assert.deepEqual((written.body as NewExpense).split?.shares, [
    { memberId: "m-ana" },
    { memberId: "m-chen" },
  ]);
});

Deno.test("questions(): a question expired, or asked of someone else, is said gone", async () => {
  await using fb = featureBot([questions(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.kopek.link("bob-code", BOB);
  await fb.bot.handleUpdate(tapUpdate(ANA, 1, "q:nosuchquestion:0"));
  assert.equal(fb.telegram.sentTo(ANA).at(-1), en.questionGone);
  await fb.ana.say("pizza 30 and 24");
  const data = fb.telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard[0][0]
    .callback_data;
  await fb.bot.handleUpdate(tapUpdate(BOB, 1, data));
  assert.equal(fb.telegram.sentTo(BOB).at(-1), en.questionGone);
  assert.equal(fb.kopek.written.size, 0);
});
