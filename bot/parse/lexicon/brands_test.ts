import assert from "node:assert/strict";
import { CATEGORIES } from "@kopek/domain";
import brands from "./brands.json" with { type: "json" };
import { brandAt, brandKey, brandSizes, startsLongName } from "./brands.ts";
import { isParserWord } from "../vocabulary.ts";
import { categorize } from "../category.ts";

Deno.test("brandKey() spells a brand as the parser's keys, apostrophes and hyphens dropped", () => {
  assert.equal(brandKey("Trader Joe's"), "trader joes");
  assert.equal(brandKey("Hydro-Québec"), "hydro quebec");
  assert.equal(brandKey("Sainsbury’s"), "sainsburys");
});

Deno.test("the brand lexicon maps to built-in categories and holds none of the parser's words", () => {
  for (const [category, keys] of Object.entries(brands.words as Record<string, string[]>)) {
    assert.ok((CATEGORIES as readonly string[]).includes(category), category);
    assert.notEqual(category, "other");
    for (const k of keys) assert.ok(!isParserWord(k), k);
  }
  for (const [category, n] of Object.entries(brandSizes())) {
    if (category !== "gifts") assert.ok(n >= 100, `${category}: ${n}`);
  }
});

Deno.test("brandAt() reads the longest name at a position, of one to four words", () => {
  assert.deepEqual(brandAt(["trader", "joes", "73"], 0), { category: "groceries", words: 2 });
  assert.deepEqual(brandAt(["wien", "energie"], 0), { category: "utilities", words: 2 });
  assert.deepEqual(brandAt(["hydro-quebec"], 0), { category: "utilities", words: 1 });
  assert.deepEqual(brandAt(["trader", "joe's"], 0), { category: "groceries", words: 2 });
  assert.equal(brandAt(["lidl"], 0, 2), undefined);
  assert.deepEqual(brandAt(["lidl"], 0), { category: "groceries", words: 1 });
  assert.equal(brandAt(["xyzzy"], 0), undefined);
});

Deno.test("categorize() reads chains of the five languages' countries", () => {
  assert.equal(categorize(["sainsburys"]), "groceries");
  assert.equal(categorize(["continente"]), "groceries");
  assert.equal(categorize(["pharmaprix"]), "health");
  assert.equal(categorize(["drogasil"]), "health");
  assert.equal(categorize(["mercadona"]), "groceries");
  assert.equal(categorize(["bixi"]), "transport");
  // A brand that is an ordinary word comes last: "Spar" alone, but "Oma" after a compound.
  assert.equal(categorize(["spar"]), "groceries");
  assert.equal(categorize(["geburtstagsgeschenk", "oma"]), "gifts");
  // The CLDR lexicon's word as written wins over a brand of one word: "subway" is the metro.
  assert.equal(categorize(["subway"]), "transport");
});

Deno.test("categorize() reads transit operators and short forms people type", () => {
  // Operators of stations and ticket validators, names of two languages ("NMBS/SNCB").
  for (const k of ["sncf", "sncb", "stib", "bvg", "ratp", "sbb", "cp"]) {
    assert.equal(categorize([k]), "transport", k);
  }
  assert.equal(categorize(["edf"]), "utilities");
  assert.equal(categorize(["dm"]), "health");
  // A short form that is an ordinary word is left out ("Keys" of "Keys Energy Services").
  assert.equal(categorize(["keys"]), "other");
  assert.equal(categorize(["ok"]), "other");
});

Deno.test("categorize() reads chains of Africa's English, French and Portuguese countries", () => {
  // Found by the index only in Morocco, Nigeria, Kenya, Senegal…, and a name written in two
  // scripts read by its Latin words ("Marjane مرجان").
  assert.equal(categorize(["marjane"]), "groceries");
  assert.equal(categorize(["inwi"]), "utilities");
  assert.equal(categorize(["chicken", "republic"]), "food");
  assert.equal(categorize(["senelec"]), "utilities");
  assert.equal(categorize(["naivas"]), "groceries");
  assert.equal(categorize(["maroc", "telecom"]), "utilities");
});

Deno.test("startsLongName(): the first words of names of several words, and no others", () => {
  assert.equal(startsLongName("pick"), true);
  assert.equal(startsLongName("trader"), true);
  assert.equal(startsLongName("mercadona"), false);
  assert.equal(startsLongName("xyzzy"), false);
});
