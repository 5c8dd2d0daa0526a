import assert from "node:assert/strict";
import { featureBot } from "../testing/feature_bot.ts";
import { ANA } from "../testing/fake_kopek.ts";
import { messages } from "../service/messages.ts";
import { groups } from "./groups.ts";

const en = messages("en");

Deno.test("groups(): /groups lists the user's groups, the chat's own marked after /use", async () => {
  await using fb = featureBot([groups()]);
  await fb.kopek.link("good-code", ANA);
  assert.deepEqual(await fb.ana.say("/groups"), ["Trip (USD, 3 members)"]);
  assert.deepEqual(await fb.ana.say("/use TRIP"), ["This chat now records into Trip."]);
  assert.equal(await fb.state.group(ANA), "g-trip");
  assert.deepEqual(await fb.ana.say("/groups"), ["• Trip (USD, 3 members)"]);
});

Deno.test("groups(): /use of a name no group has is said so, with the user's groups", async () => {
  await using fb = featureBot([groups()]);
  await fb.kopek.link("good-code", ANA);
  assert.deepEqual(await fb.ana.say("/use Holiday"), [en.noSuchGroup("holiday", "Trip")]);
  assert.equal(await fb.state.group(ANA), undefined);
});

Deno.test("groups(): before linking, the user is asked to link first", async () => {
  await using fb = featureBot([groups()]);
  assert.deepEqual(await fb.ana.say("/groups"), [en.linkFirst]);
  assert.deepEqual(await fb.ana.say("/use trip"), [en.linkFirst]);
  assert.deepEqual(fb.errors, []);
});
