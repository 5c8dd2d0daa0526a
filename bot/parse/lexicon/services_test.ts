import assert from "node:assert/strict";
import { CATEGORIES } from "@kopek/domain";
import { serviceNames } from "./services.ts";
import { brandKey } from "./brands.ts";
import { isParserWord } from "../vocabulary.ts";
import { categorize } from "../category.ts";

Deno.test("the services lexicon: built-in categories, brand keys, no grammar word", () => {
  for (const [name, category] of serviceNames()) {
    assert.ok((CATEGORIES as readonly string[]).includes(category), category);
    assert.notEqual(category, "other");
    assert.equal(name, brandKey(name), name);
    assert.ok(!isParserWord(name), name);
  }
});

Deno.test("categorize(): a service's name wins, at any length, over the index and the words", () => {
  assert.equal(categorize(["uber", "eats"]), "food");
  assert.equal(categorize(["stan", "sub"]), "entertainment");
  assert.equal(categorize(["jio", "recharge"]), "utilities");
  assert.equal(categorize(["bolt", "pour", "rentrer"]), "transport");
  assert.equal(categorize(["uber"]), "transport");
});

Deno.test("categorize(): services and chains of round 6's regions the index lacks", () => {
  assert.equal(categorize(["tienda", "inglesa"]), "groceries");
  assert.equal(categorize(["wong"]), "groceries");
  assert.equal(categorize(["sedapal"]), "utilities");
  assert.equal(categorize(["sen'eau"]), "utilities");
  assert.equal(categorize(["dstv", "compct"]), "entertainment");
  assert.equal(categorize(["yango", "pra", "ilha"]), "transport");
  assert.equal(categorize(["leap", "card", "top", "up"]), "transport");
  assert.equal(categorize(["farmashop"]), "health");
});
