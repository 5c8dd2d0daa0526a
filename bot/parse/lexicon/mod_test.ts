import assert from "node:assert/strict";
import { CATEGORIES } from "@kopek/domain";
import lexicon from "./categories.json" with { type: "json" };
import { lexiconCategory, lexiconSizes } from "./mod.ts";
import { isParserWord } from "../vocabulary.ts";
import { wordsOf } from "./build.ts";

Deno.test("the lexicon has hundreds of words in each of the five languages", () => {
  const sizes = lexiconSizes();
  assert.deepEqual(Object.keys(sizes).sort(), ["de", "en", "es", "fr", "pt"]);
  for (const [lang, n] of Object.entries(sizes)) assert.ok(n >= 300, `${lang}: ${n}`);
});

Deno.test("the lexicon maps only to built-in categories and holds none of the parser's words", () => {
  const words = lexicon.words as Record<string, Record<string, string[]>>;
  for (const byCategory of Object.values(words)) {
    for (const [category, list] of Object.entries(byCategory)) {
      assert.ok((CATEGORIES as readonly string[]).includes(category), category);
      assert.notEqual(category, "other");
      for (const w of list) assert.ok(!isParserWord(w), w);
    }
  }
});

Deno.test("lexiconCategory() reads words of every language", () => {
  assert.equal(lexiconCategory("croissant"), "food");
  assert.equal(lexiconCategory("banana"), "groceries");
  assert.equal(lexiconCategory("brezel"), "food");
  assert.equal(lexiconCategory("pao"), "food");
  assert.equal(lexiconCategory("velo"), "transport");
  assert.equal(lexiconCategory("xyzzy"), undefined);
});

Deno.test("wordsOf() keeps words of three letters or more, no stop word, no parser word", () => {
  assert.deepEqual(wordsOf("Eating Places, Restaurants", "en"), ["eating", "restaurants"]);
  assert.deepEqual(wordsOf("pain au chocolat", "fr"), ["pain", "chocolat"]);
});
