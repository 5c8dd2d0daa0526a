import assert from "node:assert/strict";
import { featureBot } from "../testing/feature_bot.ts";
import { tapUpdate } from "../testing/conversation.ts";
import { ANA } from "../testing/fake_kopek.ts";
import { messages } from "../service/messages.ts";
import { settle } from "./settle.ts";

const en = messages("en");
const usd = (amount: string) => ({ amount, currency: "USD" });

Deno.test("settle(): /settle shows the plan; a tap records that transfer once, between member ids", async () => {
  await using fb = featureBot([settle()]);
  await fb.kopek.link("good-code", ANA);
  fb.kopek.settleUp = [
    { from: "m-bob", to: "m-ana", amount: usd("20.00") },
    { from: "m-chen", to: "m-ana", amount: usd("5.00") },
  ];
  assert.deepEqual(await fb.ana.say("/settle"), [en.settlePlan("Trip")]);
  const buttons = fb.telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard.flat()
    .map((b: { text: string }) => b.text);
  assert.deepEqual(buttons, ["Bob → Ana 20.00 USD", "Chen → Ana 5.00 USD"]);
  assert.deepEqual(await fb.ana.tap("Chen → Ana 5.00 USD"), [
    "Recorded: Chen paid Ana 5.00 USD.",
  ]);
  assert.deepEqual(await fb.ana.tap("Chen → Ana 5.00 USD"), [
    "Recorded: Chen paid Ana 5.00 USD.",
  ]);
  const written = [...fb.kopek.written.values()];
  assert.equal(written.length, 1, "tapped twice, recorded once");
  assert.deepEqual(written[0].body, {
    from: "m-chen",
    to: "m-ana",
    amount: usd("5.00"),
    date: new Date().toISOString().slice(0, 10),
  });
  assert.deepEqual(fb.errors, []);
});

Deno.test("settle(): nothing to settle is said; a plan that is gone or someone else's is said gone", async () => {
  await using fb = featureBot([settle()]);
  await fb.kopek.link("good-code", ANA);
  assert.deepEqual(await fb.ana.say("/settle"), [en.settledUp]);
  await fb.bot.handleUpdate(tapUpdate(ANA, 7, "s:nosuchplan:0"));
  assert.equal(fb.telegram.sentTo(ANA).at(-1), en.questionGone);
  const plan = await fb.state.ask({ kind: "settle", userId: 43, groupId: "g-trip", transfers: [] });
  await fb.bot.handleUpdate(tapUpdate(ANA, 7, `s:${plan}:0`));
  assert.equal(fb.telegram.sentTo(ANA).at(-1), en.questionGone);
  assert.equal(fb.kopek.written.size, 0);
});

Deno.test("settle(): /balance shows who owes whom in the chat's group", async () => {
  await using fb = featureBot([settle()]);
  await fb.kopek.link("good-code", ANA);
  fb.kopek.settleUp = [{ from: "m-bob", to: "m-ana", amount: usd("20.00") }];
  assert.deepEqual(await fb.ana.say("/balance"), [
    "Balances in Trip:\nBob pays Ana 20.00 USD",
  ]);
});
