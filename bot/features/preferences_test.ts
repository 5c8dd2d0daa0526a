import assert from "node:assert/strict";
import { featureBot } from "../testing/feature_bot.ts";
import { ANA } from "../testing/fake_kopek.ts";
import { messages } from "../service/messages.ts";
import { preferences } from "./preferences.ts";

Deno.test("preferences(): /lang sets the language of the replies, kept per user", async () => {
  await using fb = featureBot([preferences()]);
  assert.deepEqual(await fb.ana.say("/lang es"), ["Responderé en español."]);
  assert.equal((await fb.state.prefs(ANA)).lang, "es");
  assert.deepEqual(await fb.ana.say("/lang xx"), [messages("es").langUsage]);
  assert.deepEqual(await fb.ana.say("/lang DE"), ["Ich antworte auf Deutsch."]);
  assert.deepEqual(await fb.ana.say("/mute"), [messages("de").muted]);
});

Deno.test("preferences(): /mute and /unmute keep the choice, and the language", async () => {
  await using fb = featureBot([preferences()]);
  await fb.ana.say("/lang es");
  assert.deepEqual(await fb.ana.say("/mute"), [messages("es").muted]);
  assert.deepEqual(await fb.state.prefs(ANA), { lang: "es", muted: true });
  assert.deepEqual(await fb.ana.say("/unmute"), [messages("es").unmuted]);
  assert.deepEqual(await fb.state.prefs(ANA), { lang: "es", muted: false });
});
