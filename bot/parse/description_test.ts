import assert from "node:assert/strict";
import { describe } from "./description.ts";
import { tokenize } from "./text.ts";

/** The description of a message whose words at the `claimed` indexes were read as something else. */
function described(text: string, claimed: readonly number[] = []): string {
  const tokens = tokenize(text);
  return describe(tokens, tokens.map((_, i) => claimed.includes(i)));
}

Deno.test("describe() keeps the case the user typed", () => {
  assert.equal(described("Miete", []), "Miete");
  assert.equal(described("Wocheneinkauf bei edeka 82,10", [3]), "Wocheneinkauf bei edeka");
});

Deno.test("describe() keeps link words inside a run, drops them at its edges", () => {
  assert.equal(described("big shop at aldi 61 with tom", [4, 6]), "big shop at aldi");
  assert.equal(described("compra en el lidl"), "compra en el lidl");
  assert.equal(described("botija de gás"), "botija de gás");
  assert.equal(described("Zugtickets nach Chur am Samstag 72", [3, 4, 5]), "Zugtickets nach Chur");
  assert.equal(described("for the pizza and"), "pizza");
  // Other filler words (verbs, pronouns) go wherever they stand.
  assert.equal(described("I paid the pizza"), "pizza");
});

Deno.test("describe() joins an elision to its word", () => {
  assert.equal(described("cadeau d'anniversaire"), "cadeau d'anniversaire");
  assert.equal(described("facture d’eau"), "facture d'eau");
  assert.equal(described("l'hôtel"), "hôtel");
});

Deno.test("describe() drops 'half' said twice, the equal shares (round 8)", () => {
  const text = "Ikea Regal 89 halbe halbe mit ronny";
  const tokens = tokenize(text);
  const claimed = tokens.map((t) => ["89", "mit", "ronny"].includes(t.key));
  assert.equal(describe(tokens, claimed), "Ikea Regal");
  const half = tokenize("half pizza 9");
  assert.equal(describe(half, half.map((t) => t.key === "9")), "half pizza");
});

Deno.test("describe(): Portuguese 'com' stays inside a description like Spanish 'con' (round 9)", () => {
  assert.equal(describe(tokenize("açaí com farinha"), [false, false, false]), "açaí com farinha");
  // At an edge it is dropped like any link word.
  assert.equal(describe(tokenize("açaí com"), [false, false]), "açaí");
});
