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
