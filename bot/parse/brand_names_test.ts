import assert from "node:assert/strict";
import { joinBrandNames } from "./brand_names.ts";
import { categorize } from "./category.ts";
import { tokenize } from "./text.ts";

const keys = (text: string, members: string[] = []) =>
  joinBrandNames(tokenize(text), (k) => members.includes(k)).map((t) => t.key);

Deno.test("a brand's name holding a grammar word, a weekday or a number is one token", () => {
  assert.deepEqual(keys("pick n pay 312,45 me and lerato"), [
    "pick n pay",
    "312,45",
    "me",
    "and",
    "lerato",
  ]);
  assert.deepEqual(keys("pharmacie sun store 23.90"), ["pharmacie", "sun store", "23.90"]);
  assert.deepEqual(keys("aldi süd 41,17"), ["aldi sud", "41,17"]);
  assert.deepEqual(keys("mitre 10 paint 74.90"), ["mitre 10", "paint", "74.90"]);
  // What was typed stays for the description.
  assert.equal(joinBrandNames(tokenize("Pick n Pay 20"), () => false)[0].raw, "Pick n Pay");
});

Deno.test("names made of grammar words, led by a link word, or numbered alone stay words", () => {
  // "day by day" holds no word the grammar leaves alone; "el corte ingles" starts with an article.
  assert.deepEqual(keys("day by day 20"), ["day", "by", "day", "20"]);
  assert.deepEqual(keys("zapatillas 65 en el corte ingles"), [
    "zapatillas",
    "65",
    "en",
    "el",
    "corte",
    "ingles",
  ]);
  // With no other number, the number is the amount: "mitre 10" alone is ten at Mitre.
  assert.deepEqual(keys("mitre 10"), ["mitre", "10"]);
  // A member's name is never inside a brand's.
  assert.deepEqual(keys("pick n pay 20", ["pay"]), ["pick", "n", "pay", "20"]);
});

Deno.test("a joined brand's name keeps its category ('Premier Inn' is lodging)", () => {
  const tokens = joinBrandNames(tokenize("premier inn for the leeds trip £134"), () => false);
  assert.equal(tokens[0].key, "premier inn");
  assert.equal(categorize(tokens.map((t) => t.key)), "lodging");
});

Deno.test("joinBrandNames(): a name opening the message, a word the typo rule would change, a typo of its second word (round 7)", () => {
  const keys = (text: string) =>
    joinBrandNames(tokenize(text), () => false, (k) => k !== "barn" && k !== "hyrdo").map((t) =>
      t.key
    );
  assert.deepEqual(keys("no frills run 92"), ["no frills", "run", "92"]);
  assert.deepEqual(keys("bulk barn 23.10"), ["bulk barn", "23.10"]);
  assert.deepEqual(keys("toronto hyrdo 118"), ["toronto hydro", "118"]);
});
