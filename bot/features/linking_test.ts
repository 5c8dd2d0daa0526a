import assert from "node:assert/strict";
import { featureBot } from "../testing/feature_bot.ts";
import { ANA } from "../testing/fake_kopek.ts";
import { messages } from "../service/messages.ts";
import { linking } from "./linking.ts";

const en = messages("en");

Deno.test("linking(): /start CODE links the account and keeps the link's position", async () => {
  await using fb = featureBot([linking()]);
  assert.deepEqual(await fb.ana.say("/start good-code"), [
    `Linked to Ana's Kopek account.\n\n${en.help}`,
  ]);
  assert.deepEqual(fb.kopek.calls, ["link"]);
  assert.equal(await fb.state.position(ANA), 101);
});

Deno.test("linking(): /start alone greets; /help helps", async () => {
  await using fb = featureBot([linking()]);
  assert.deepEqual(await fb.ana.say("/start"), [`${en.hello}\n\n${en.help}`]);
  assert.deepEqual(await fb.ana.say("/help"), [en.help]);
  assert.deepEqual(fb.kopek.calls, []);
});

Deno.test("linking(): an unknown, expired or used code is said so", async () => {
  await using fb = featureBot([linking()]);
  assert.deepEqual(await fb.ana.say("/start no-such-code"), [en.codeUnknown]);
  assert.deepEqual(await fb.ana.say("/start old-code"), [en.codeExpired]);
  await fb.ana.say("/start good-code");
  assert.deepEqual(await fb.ana.say("/start good-code"), [en.codeUsed]);
  assert.deepEqual(fb.errors, []);
});

Deno.test("linking(): the state store down, the link is made and said; the failure reported", async () => {
  await using fb = featureBot([linking()]);
  const store = fb.store;
  store.raise = () => Promise.reject(new Error("connect ECONNREFUSED"));
  assert.match((await fb.ana.say("/start good-code"))[0], /^Linked to Ana's Kopek account/);
  assert.deepEqual(fb.errors.map((e) => e.where), ["saving the chat state"]);
});
