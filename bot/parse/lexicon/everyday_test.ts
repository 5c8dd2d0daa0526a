import assert from "node:assert/strict";
import { CATEGORIES } from "@kopek/domain";
import { everydayWords } from "./everyday.ts";
import { isParserWord } from "../vocabulary.ts";
import { categorize, keywords } from "../category.ts";
import { keyOf } from "../text.ts";

Deno.test("the everyday lexicon: built-in categories, keys, no grammar word, no hand keyword", () => {
  const hand = new Set(keywords());
  for (const [word, category] of everydayWords()) {
    assert.ok((CATEGORIES as readonly string[]).includes(category), category);
    assert.notEqual(category, "other");
    assert.equal(word, keyOf(word), word);
    // "remis" is both Argentina's hired car and French "handed" ("Léa m'a remis 20"): with a
    // person it is a settlement's verb, alone a ride.
    if (word !== "remis") assert.ok(!isParserWord(word), word);
    assert.ok(!hand.has(word), word);
  }
});

Deno.test("categorize(): everyday words of West and Southern Africa, the Maghreb and the Andes", () => {
  assert.equal(categorize(["suya", "for", "everybody"]), "food");
  assert.equal(categorize(["anticuchos"]), "food");
  assert.equal(categorize(["keke"]), "transport");
  assert.equal(categorize(["candongueiro"]), "transport");
  assert.equal(categorize(["hanout"]), "groceries");
  assert.equal(categorize(["shortlet", "in", "abuja"]), "lodging");
  assert.equal(categorize(["riad", "a", "chefchaouen"]), "lodging");
});

Deno.test("categorize(): everyday words and services of round 9's regions", () => {
  assert.equal(categorize(["doubles", "by", "the", "savannah"]), "food");
  assert.equal(categorize(["pulperia"]), "groceries");
  assert.equal(categorize(["kiraya", "october"]), "rent");
  assert.equal(categorize(["careem", "to", "dha"]), "transport");
  assert.equal(categorize(["zeop", "fibre"]), "utilities");
  assert.equal(categorize(["automercado"]), "groceries");
});

Deno.test("categorize(): everyday words and services of round 10's regions", () => {
  assert.equal(categorize(["shucos", "en", "la", "esquina"]), "food");
  assert.equal(categorize(["cassoulet"]), "food");
  assert.equal(categorize(["pulpo", "a", "feira"]), "food");
  assert.equal(categorize(["peixe", "no", "cais"]), "groceries");
  assert.equal(categorize(["toca-toca"]), "transport");
  assert.equal(categorize(["acampamento", "em", "bubaque"]), "lodging");
  assert.equal(categorize(["baskets", "au", "marche"]), "shopping");
  assert.equal(categorize(["places", "stade", "toulousain"]), "entertainment");
  assert.equal(categorize(["ingressos", "no", "estadio"]), "entertainment");
  // Services: Leclerc is a supermarket, not its fuel stations; Voo is a flight in Portuguese.
  assert.equal(categorize(["leclerc", "blagnac"]), "groceries");
  assert.equal(categorize(["voo", "da", "sata"]), "transport");
  assert.equal(categorize(["credit", "telma"]), "utilities");
  assert.equal(categorize(["vitrasa", "bono"]), "transport");
});
