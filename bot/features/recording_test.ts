import assert from "node:assert/strict";
import { featureBot } from "../testing/feature_bot.ts";
import { ANA, BOB, type Written } from "../testing/fake_kopek.ts";
import { messages } from "../service/messages.ts";
import { recording } from "./recording.ts";

const en = messages("en");
const bodies = (written: Map<string, Written>) => [...written.values()].map((w) => w.body);

Deno.test("recording(): a text is recorded as an expense, told with its defaults and buttons", async () => {
  await using fb = featureBot([recording()]);
  await fb.kopek.link("good-code", ANA);
  assert.deepEqual(await fb.ana.say("Add 60 for food"), [
    "Recorded 60.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen (everyone) (today).\n" +
    "Defaults applied: currency USD (the group's), date today, split between everyone.",
  ]);
  const buttons = fb.telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard.flat();
  assert.deepEqual(buttons.map((b: { text: string }) => b.text), ["Undo", "Edit"]);
  assert.deepEqual(bodies(fb.kopek.written), [{
    description: "food",
    total: { amount: "60.00", currency: "USD" },
    date: new Date().toISOString().slice(0, 10),
    category: "food",
    paidBy: [{ memberId: "m-ana", amount: "60.00" }],
    split: {
      mode: "equal",
      shares: [{ memberId: "m-ana" }, { memberId: "m-bob" }, { memberId: "m-chen" }],
    },
  }]);
  assert.equal((await fb.state.recorded(ANA, ANA)).length, 1);
  assert.match(await fb.registry.metrics(), /^kopek_bot_parses_total\{outcome="recorded"\} 1$/m);
});

Deno.test("recording(): the same message delivered again records once; /add records too", async () => {
  await using fb = featureBot([recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("taxi 12");
  assert.match((await fb.ana.resend(1, "taxi 12"))[0], /^Recorded 12\.00 USD for taxi/);
  assert.equal(fb.kopek.written.size, 1);
  assert.match((await fb.ana.say("/add bus 3 split with Bob"))[0], /^Recorded 3\.00 USD for bus/);
  assert.equal(fb.kopek.written.size, 2);
});

Deno.test("recording(): a settlement in words is recorded between member ids", async () => {
  await using fb = featureBot([recording()]);
  await fb.kopek.link("bob-code", BOB);
  assert.deepEqual(await fb.bob.say("paid Ana 5"), ["Recorded: Bob paid Ana 5.00 USD."]);
  const [body] = bodies(fb.kopek.written);
  assert.deepEqual(body, {
    from: "m-bob",
    to: "m-ana",
    amount: { amount: "5.00", currency: "USD" },
    date: new Date().toISOString().slice(0, 10),
  });
});

Deno.test("recording(): an unknown command gets the help; a text not understood is said and reported", async () => {
  await using fb = featureBot([recording()]);
  await fb.kopek.link("good-code", ANA);
  assert.deepEqual(await fb.ana.say("/nope"), [`${en.unknownCommand}\n\n${en.help}`]);
  const [reply] = await fb.ana.say("purple elephants dance quietly");
  assert.match(reply, /^I did not understand that/);
  assert.equal(fb.notUnderstood.length, 1);
  assert.equal(fb.notUnderstood[0][1], "purple elephants dance quietly".length);
  assert.equal(fb.kopek.written.size, 0);
});

Deno.test("recording(): Kopek down is retried (told once), and told 'not saved' if it stays down", async () => {
  await using fb = featureBot([recording()]);
  await fb.kopek.link("good-code", ANA);
  fb.kopek.down(1);
  const replies = await fb.ana.say("dinner 40");
  assert.equal(replies.length, 2);
  assert.equal(replies[0], en.unreachableRetrying);
  assert.match(replies[1], /^Recorded 40\.00 USD for dinner/);
  fb.kopek.down(100);
  assert.deepEqual(await fb.ana.say("hotel 90"), [en.unreachableRetrying, en.notSaved]);
  assert.equal(fb.kopek.written.size, 1);
});

Deno.test("recording(): before linking, the user is asked to link first", async () => {
  await using fb = featureBot([recording()]);
  assert.deepEqual(await fb.ana.say("taxi 10"), [en.linkFirst]);
  assert.deepEqual(fb.errors, []);
});

Deno.test("recording(): a word naming the group's own category picks it", async () => {
  await using fb = featureBot([recording()]);
  await fb.kopek.link("good-code", ANA);
  fb.kopek.custom = [{ key: "0b9e3c1e-0000-4000-8000-000000000001", name: "Ski" }];
  assert.match((await fb.ana.say("ski lift 40"))[0], /^Recorded 40\.00 USD for ski lift/);
  assert.equal(
    (bodies(fb.kopek.written)[0] as { category: string }).category,
    "0b9e3c1e-0000-4000-8000-000000000001",
  );
  assert.ok(fb.kopek.calls.includes("categories"));
});
