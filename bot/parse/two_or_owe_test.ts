import assert from "node:assert/strict";
import { tokenize } from "./text.ts";
import { isPortugueseTwo } from "./two_or_owe.ts";

function at(text: string, word: string): boolean {
  const tokens = tokenize(text);
  return isPortugueseTwo(tokens, tokens.findIndex((t) => t.key === word));
}

Deno.test("'dois' after a French pronoun is the verb; anywhere else the Portuguese two", () => {
  assert.equal(at("je dois combien ?", "dois"), false);
  assert.equal(at("combien j'dois à qui?", "dois"), false);
  assert.equal(at("je lui dois 20", "dois"), false);
  assert.equal(at("vinte e dois euros", "dois"), true);
  assert.equal(at("dois cafés 4,50", "dois"), true);
  assert.equal(at("há dois dias", "dois"), true);
  assert.equal(at("combien je dois", "combien"), false);
});
