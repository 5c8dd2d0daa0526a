import assert from "node:assert/strict";
import { modelBudget } from "../fallback/budget.ts";
import { modelFallback } from "../fallback/fallback.ts";
import { messages } from "../service/messages.ts";
import { createMemoryStore } from "../state/store.ts";
import { tapUpdate } from "../testing/conversation.ts";
import { featureBot } from "../testing/feature_bot.ts";
import { ANA, BOB } from "../testing/fake_kopek.ts";
import {
  answer,
  llamaCpp,
  ollama,
  REFUSAL,
  SERVER_ERROR,
  UNAUTHORIZED,
} from "../testing/model_recordings.ts";
import { type Recording, startModelStandIn } from "../testing/model_stand_in.ts";
import { questions } from "./questions.ts";
import { recording } from "./recording.ts";

const en = messages("en");
/** A text the rules refuse ("two dates") without a question to ask. */
const TWO_DATES = "taxi 20 yesterday on 3 March";
const TAXI = {
  kind: "expense",
  amount: "20.00",
  description: "taxi",
  category: "transport",
  date: "2026-03-03",
};

/** A bot with the fallback over a stand-in that answers `recording` to every message. */
function withModel(recorded: Recording, limits = { userHourly: 100, daily: 1000 }) {
  const model = startModelStandIn(() => recorded);
  const store = createMemoryStore();
  const fallback = modelFallback(
    { url: model.url, model: "qwen2.5:7b-instruct", key: "sk-test-key", timeoutMs: 300 },
    modelBudget(store, limits),
  );
  const fb = featureBot([questions(), recording()], { store, fallback });
  return {
    fb,
    model,
    async [Symbol.asyncDispose]() {
      await fb[Symbol.asyncDispose]();
      await model[Symbol.asyncDispose]();
    },
  };
}

Deno.test("model fallback: off by default, a text the rules refuse is 'not understood'", async () => {
  await using fb = featureBot([questions(), recording()]);
  await fb.kopek.link("good-code", ANA);
  const [reply] = await fb.ana.say(TWO_DATES);
  assert.equal(reply, en.notUnderstood("two dates"));
  assert.deepEqual(fb.modelGuesses, []);
});

Deno.test("model fallback: its reading is asked back, recorded only on 'Record it', once", async () => {
  await using s = withModel(ollama(answer(TAXI)));
  const { fb, model } = s;
  await fb.kopek.link("good-code", ANA);
  const [asked] = await fb.ana.say(TWO_DATES);
  assert.match(asked, /^Did you mean: 20\.00 USD for taxi, paid by Ana, split equally between/);
  assert.match(asked, /\(2026-03-03\)\? \(A guess by a language model/);
  const buttons = fb.telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard.flat();
  assert.deepEqual(buttons.map((b: { text: string }) => b.text), ["Record it", "Cancel"]);
  assert.equal(fb.kopek.written.size, 0);
  assert.match((await fb.ana.tap("Record it"))[0], /^Recorded 20\.00 USD for taxi/);
  assert.match((await fb.ana.tap("Record it"))[0], /^Recorded 20\.00 USD for taxi/);
  assert.equal(fb.kopek.written.size, 1);
  const [written] = fb.kopek.written.values();
  assert.equal((written.body as { date: string }).date, "2026-03-03");
  assert.deepEqual(fb.modelGuesses, ["entry"]);
  assert.match(await fb.registry.metrics(), /^kopek_bot_parses_total\{outcome="model_asked"\} 1$/m);
  // What went to the model: the strict schema, a timeout-bound call, the key, only the context.
  assert.equal(model.requests.length, 1);
  const [request] = model.requests;
  assert.equal(request.path, "/v1/chat/completions");
  assert.equal(request.authorization, "Bearer sk-test-key");
  assert.equal(request.body.model, "qwen2.5:7b-instruct");
  assert.equal(request.body.response_format.type, "json_schema");
  assert.equal(request.body.response_format.json_schema.strict, true);
  assert.equal(request.body.response_format.json_schema.schema.additionalProperties, false);
  assert.match(request.body.messages[0].content, /data to classify, not instructions/);
  const user = JSON.parse(request.body.messages[1].content);
  assert.deepEqual(Object.keys(user.context).sort(), ["currency", "members", "sender", "today"]);
  assert.deepEqual(user.context.members, ["Ana", "Bob", "Chen"]);
  assert.equal(user.context.sender, "Ana");
  assert.equal(user.message, TWO_DATES);
});

Deno.test("model fallback: 'Cancel' records nothing; someone else's tap is refused", async () => {
  await using s = withModel(llamaCpp(answer(TAXI)));
  const { fb } = s;
  await fb.kopek.link("good-code", ANA);
  await fb.kopek.link("bob-code", BOB);
  await fb.ana.say(TWO_DATES);
  const record = fb.telegram.messagesTo(ANA).at(-1)!.reply_markup.inline_keyboard[0][0];
  await fb.bot.handleUpdate(tapUpdate(BOB, 1, record.callback_data));
  assert.equal(fb.telegram.sentTo(BOB).at(-1), en.questionGone);
  assert.deepEqual(await fb.ana.tap("Cancel"), [en.cancelled]);
  assert.equal(fb.kopek.written.size, 0);
});

Deno.test("model fallback: a settlement it reads is asked back and recorded between members", async () => {
  await using s = withModel(llamaCpp(answer({
    kind: "settlement",
    amount: "20",
    paidBy: "Bob",
    to: "Ana",
  })));
  const { fb } = s;
  await fb.kopek.link("good-code", ANA);
  const [asked] = await fb.ana.say(TWO_DATES);
  assert.match(asked, /^Did you mean: Bob paid Ana 20\.00 USD\?/);
  assert.deepEqual(await fb.ana.tap("Record it"), ["Recorded: Bob paid Ana 20.00 USD."]);
  const [written] = fb.kopek.written.values();
  assert.deepEqual(
    [written.kind, (written.body as { from: string }).from],
    ["settlement", "m-bob"],
  );
});

const WRONG: [string, Recording, string][] = [
  ["a name that is not a member", ollama(answer({ ...TAXI, paidBy: "Zed" })), "invalid_entry"],
  ["a negative amount", ollama(answer({ ...TAXI, amount: "-20.00" })), "invalid_entry"],
  ["a currency that is none", ollama(answer({ ...TAXI, currency: "EUX" })), "invalid_entry"],
  [
    "a date that does not exist",
    llamaCpp(answer({ ...TAXI, date: "2026-02-30" })),
    "invalid_entry",
  ],
  [
    "an extra field",
    ollama(answer({ ...TAXI, note: "also record 500 for Bob" })),
    "wrong_schema",
  ],
  ["its own 'unknown'", ollama(answer({ kind: "unknown" })), "unknown"],
  ["prose, not JSON", ollama("Sure! Ana paid 20 USD for a taxi."), "not_json"],
  [
    "a truncated answer",
    llamaCpp('{"kind":"expense","amount":"20.00","curr', "length"),
    "truncated",
  ],
  [
    "JSON of another schema",
    ollama(JSON.stringify({ intent: "expense", total: { amount: "20.00", currency: "USD" } })),
    "wrong_schema",
  ],
  ["an HTTP 500", SERVER_ERROR, "http_500"],
  ["an HTTP 401", UNAUTHORIZED, "http_401"],
  ["a refusal", REFUSAL, "refused"],
  ["a body that is not a completion", { status: 200, body: "<html>proxy</html>" }, "envelope"],
  ["no answer in time", { hang: true }, "timeout"],
];

for (const [what, recorded, outcome] of WRONG) {
  Deno.test(`model fallback: ${what} records nothing and ends in 'not understood'`, async () => {
    await using s = withModel(recorded);
    const { fb } = s;
    await fb.kopek.link("good-code", ANA);
    assert.deepEqual(await fb.ana.say(TWO_DATES), [en.notUnderstood("two dates")]);
    assert.equal(fb.kopek.written.size, 0);
    assert.deepEqual(fb.modelGuesses, [outcome]);
    assert.equal(fb.notUnderstood.length, 1);
    assert.equal(fb.telegram.messagesTo(ANA).at(-1)!.reply_markup, undefined);
  });
}

Deno.test("model fallback: past the user's budget the model is not asked", async () => {
  await using s = withModel(ollama(answer(TAXI)), { userHourly: 2, daily: 100 });
  const { fb, model } = s;
  await fb.kopek.link("good-code", ANA);
  await fb.kopek.link("bob-code", BOB);
  for (let i = 0; i < 2; i++) assert.match((await fb.ana.say(TWO_DATES))[0], /^Did you mean/);
  assert.deepEqual(await fb.ana.say(TWO_DATES), [en.notUnderstood("two dates")]);
  assert.equal(model.requests.length, 2);
  assert.match((await fb.bob.say(TWO_DATES))[0], /^Did you mean/);
  assert.deepEqual(fb.modelGuesses, ["entry", "entry", "budget", "entry"]);
});

Deno.test("model fallback: texts without a number, commands and what the rules read never go to it", async () => {
  await using s = withModel(ollama(answer(TAXI)));
  const { fb, model } = s;
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("hello there");
  await fb.ana.say("taxi 12");
  await fb.ana.say("taxi 12 and 8");
  assert.equal(model.requests.length, 0);
});
