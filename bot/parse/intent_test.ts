import assert from "node:assert/strict";
import { readCommand, wordIntent } from "./intent.ts";
import { tokenize } from "./text.ts";

Deno.test("readCommand() reads slash commands, with or without the bot's name", () => {
  assert.deepEqual(readCommand("/balance"), { intent: "balance" });
  assert.deepEqual(readCommand("/undo@KopekBot"), { intent: "undo" });
  assert.deepEqual(readCommand("/add $5 tea"), { text: "$5 tea" });
  assert.deepEqual(readCommand("/help"), { intent: "unknown", reason: "unknown command /help" });
  assert.deepEqual(readCommand("tea 5"), { text: "tea 5" });
});

Deno.test("wordIntent() reads balance and undo words when no number is given", () => {
  assert.equal(wordIntent(tokenize("how much do I owe?")), "balance");
  assert.equal(wordIntent(tokenize("¿cuánto debo?")), "balance");
  assert.equal(wordIntent(tokenize("Kontostand")), "balance");
  assert.equal(wordIntent(tokenize("Rückgängig machen")), "undo");
  assert.equal(wordIntent(tokenize("deshacer")), "undo");
  assert.equal(wordIntent(tokenize("I owe Bob 20")), undefined);
});

Deno.test("wordIntent() reads a verb of deleting with a word for 'the last one' as undo", () => {
  assert.equal(wordIntent(tokenize("delete the last one")), "undo");
  assert.equal(wordIntent(tokenize("elimina el último")), "undo");
  assert.equal(wordIntent(tokenize("die letzte bitte entfernen")), "undo");
  assert.equal(wordIntent(tokenize("efface le dernier")), "undo");
  assert.equal(wordIntent(tokenize("exclui a última despesa")), "undo");
  assert.equal(wordIntent(tokenize("stornieren")), "undo");
  // Neither alone: "remove" with no "last", "last" with no verb.
  assert.equal(wordIntent(tokenize("remove")), undefined);
  assert.equal(wordIntent(tokenize("last taxi")), undefined);
  assert.equal(wordIntent(tokenize("delete the last 20")), undefined);
});

Deno.test("wordIntent(): a deleting verb with 'it' is an undo", () => {
  for (
    const text of [
      "bórralo porfa, puse mal el monto",
      "delete that",
      "lösch das bitte",
      "apaga isso",
    ]
  ) {
    assert.equal(wordIntent(tokenize(text)), "undo", text);
  }
  assert.equal(wordIntent(tokenize("borrador nuevo")), undefined);
});

Deno.test("wordIntent(): a payment whose amount is forgotten is no balance question", () => {
  const intent = (text: string) => wordIntent(tokenize(text));
  assert.equal(intent("pagué el sushi pero no me acuerdo cuanto era"), undefined);
  assert.equal(intent("jai payé le taxi, je sais plus combien"), undefined);
  // Without a paying verb, not knowing what one owes asks the balance.
  assert.equal(intent("je sais pas combien je dois"), "balance");
});

Deno.test("wordIntent(): owing in the gerund, the tab, a deleting verb with a mistake word (round 7)", () => {
  assert.equal(wordIntent(tokenize("who's owin who then")), "balance");
  assert.equal(wordIntent(tokenize("quem tá devendo pra quem?")), "balance");
  assert.equal(wordIntent(tokenize("what's the tab looking like")), "balance");
  assert.equal(wordIntent(tokenize("wrong one, delete pls")), "undo");
  assert.equal(wordIntent(tokenize("falsch, lösch das")), "undo");
  assert.equal(wordIntent(tokenize("lösch de letscht Iitrag")), "undo");
  assert.equal(wordIntent(tokenize("wrong pizza")), undefined);
});

Deno.test("wordIntent(): Portuguese 'dois' (two) asks nothing; French 'je dois' asks for balances", () => {
  assert.equal(wordIntent(tokenize("vinte e dois euros no mercado")), undefined);
  assert.equal(wordIntent(tokenize("combien j'dois à qui?")), "balance");
  assert.equal(wordIntent(tokenize("je dois combien ?")), "balance");
});

Deno.test("wordIntent(): German 'kriegen' asks for balances without a number (round 9)", () => {
  assert.equal(wordIntent(tokenize("Was krieg ich noch von euch?")), "balance");
  assert.equal(wordIntent(tokenize("wer kriegt noch was?")), "balance");
});

Deno.test("wordIntent(): spoken 'kricht' asks for the balance like 'kriegt' (round 10)", () => {
  assert.equal(wordIntent(tokenize("Wer kricht noch wat von wem?")), "balance");
});
