import assert from "node:assert/strict";
import { featureBot } from "../testing/feature_bot.ts";
import { ANA, BOB } from "../testing/fake_kopek.ts";
import { notifications } from "./notifications.ts";
import { recording } from "./recording.ts";

Deno.test("notifications(): the other linked members an entry involves are told, in their language", async () => {
  await using fb = featureBot([notifications(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.kopek.link("bob-code", BOB);
  await fb.ana.say("Add 60 for food");
  assert.deepEqual(fb.telegram.sentTo(BOB), [
    "Ana recorded in Trip: 60.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen (everyone) (today).",
  ]);
  await fb.state.setPrefs(BOB, { lang: "es" });
  await fb.bob.say("paid Ana 5");
  assert.equal(fb.telegram.sentTo(ANA).at(-1)!, "Bob recorded in Trip: Bob paid Ana 5.00 USD.");
  await fb.ana.say("paid Bob 2");
  assert.equal(fb.telegram.sentTo(BOB).at(-1)!, "Ana registró en Trip: Ana pagó a Bob 2.00 USD.");
  assert.deepEqual(fb.errors, []);
});

Deno.test("notifications(): members not involved, muted or the author are not told", async () => {
  await using fb = featureBot([notifications(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.kopek.link("bob-code", BOB);
  await fb.ana.say("museum 10 split with Chen");
  await fb.state.setPrefs(BOB, { muted: true });
  await fb.ana.say("bus 9 split with Bob");
  assert.deepEqual(fb.telegram.sentTo(BOB), []);
  assert.equal(fb.telegram.sentTo(ANA).length, 2, "only her own confirmations");
});

Deno.test("notifications(): none without the composer; a failure to notify is reported, the write stands", async () => {
  await using without = featureBot([recording()]);
  await without.kopek.link("good-code", ANA);
  await without.kopek.link("bob-code", BOB);
  await without.ana.say("taxi 10 split with Bob");
  assert.deepEqual(without.telegram.sentTo(BOB), []);

  await using fb = featureBot([notifications(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.kopek.link("bob-code", BOB);
  fb.kopek.chats = () => Promise.reject(new Error("chats failed"));
  assert.match((await fb.ana.say("taxi 10 split with Bob"))[0], /^Recorded 10\.00 USD/);
  assert.equal(fb.kopek.written.size, 1);
  assert.deepEqual(fb.errors.map((e) => e.where), ["notifying members"]);
});
