import assert from "node:assert/strict";
import { featureBot } from "../testing/feature_bot.ts";
import { ANA } from "../testing/fake_kopek.ts";
import type { NewExpense } from "../service/kopek_api.ts";
import { messages } from "../service/messages.ts";
import { recording } from "./recording.ts";
import { undoEdit } from "./undo_edit.ts";

const en = messages("en");

Deno.test("undoEdit(): /undo voids the newest entry; the Undo button a given one", async () => {
  await using fb = featureBot([undoEdit(), recording()]);
  await fb.kopek.link("good-code", ANA);
  assert.deepEqual(await fb.ana.say("/undo"), [en.nothingToUndo]);
  await fb.ana.say("taxi 12");
  await fb.ana.say("lunch 30");
  const [taxi, lunch] = fb.kopek.written.values();
  assert.deepEqual(await fb.ana.say("/undo"), [en.undone]);
  assert.deepEqual([taxi.voided, lunch.voided], [false, true]);
  // The newest message with an Undo button is lunch's (undone): its entry is gone from the stack.
  assert.deepEqual(await fb.ana.tap("Undo"), [en.nothingToUndo]);
  assert.deepEqual((await fb.state.recorded(ANA, ANA)).map((e) => e.id), [taxi.id]);
  assert.deepEqual(await fb.ana.say("undo"), [en.undone]);
  assert.equal(taxi.voided, true);
});

Deno.test("undoEdit(): an entry changed since is not undone, and is said so", async () => {
  await using fb = featureBot([undoEdit(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("taxi 12");
  const [taxi] = fb.kopek.written.values();
  taxi.version++; // amended in the app
  assert.deepEqual(await fb.ana.say("/undo"), [en.changedSince]);
  assert.equal(taxi.voided, false);
  assert.deepEqual(await fb.state.recorded(ANA, ANA), []);
});

Deno.test("undoEdit(): Edit, then the corrected message amends that expense", async () => {
  await using fb = featureBot([undoEdit(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("lunch 30");
  assert.deepEqual(await fb.ana.tap("Edit"), [en.editPrompt]);
  assert.match((await fb.ana.say("lunch 45"))[0], /^Changed to 45\.00 USD for lunch/);
  const written = [...fb.kopek.written.values()];
  assert.equal(written.length, 1);
  assert.deepEqual((written[0].body as NewExpense).total, { amount: "45.00", currency: "USD" });
  assert.equal(written[0].version, 2);
  // The edit is over: the next message is a new expense.
  assert.match((await fb.ana.say("coffee 4"))[0], /^Recorded 4\.00 USD/);
  assert.equal(fb.kopek.written.size, 2);
});

Deno.test("undoEdit(): an edit of an expense changed since is said so, and ends", async () => {
  await using fb = featureBot([undoEdit(), recording()]);
  await fb.kopek.link("good-code", ANA);
  await fb.ana.say("lunch 30");
  await fb.ana.tap("Edit");
  fb.kopek.written.values().next().value!.version++;
  assert.deepEqual(await fb.ana.say("lunch 45"), [en.changedSince]);
  assert.equal(await fb.state.editing(ANA, ANA), undefined);
});
