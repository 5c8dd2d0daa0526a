import assert from "node:assert/strict";
import { isCategoryWord } from "./category.ts";
import { isBrandName } from "./lexicon/brands.ts";
import { correctTypos } from "./spelling.ts";
import { tokenize } from "./text.ts";
import { isParserWord } from "./vocabulary.ts";

const known = (key: string) => isParserWord(key) || isCategoryWord(key);
const keys = (text: string) =>
  correctTypos(tokenize(text), ["Ana", "Bob", "Mateo"], known).map((t) => t.key);

Deno.test("correctTypos() corrects keywords and names where one word is nearest", () => {
  assert.deepEqual(keys("taxi 12 yesterdy"), ["taxi", "12", "yesterday"]);
  assert.deepEqual(keys("cena con Mateoo"), ["cena", "con", "mateo"]);
  assert.deepEqual(keys("restaurnat 55"), ["restaurant", "55"]);
  assert.deepEqual(keys("blance"), ["balance"]);
  assert.deepEqual(keys("splt"), ["split"]);
});

Deno.test("correctTypos() keeps the typed word when unsure", () => {
  // "paid", "payed", "pays" and "pay" are all one edit from "payd".
  assert.deepEqual(keys("payd"), ["payd"]);
  // A capitalised stranger is never made into a category word.
  assert.deepEqual(keys("Essen mit Paul"), ["essen", "mit", "paul"]);
  // Short words and words with digits stay.
  assert.deepEqual(keys("txi 12a"), ["txi", "12a"]);
});

Deno.test("correctTypos() reads three-letter typos of names and date words, if unambiguous", () => {
  assert.deepEqual(keys("taxi with Bbo"), ["taxi", "with", "bob"]);
  assert.deepEqual(keys("taxi hir"), ["taxi", "hier"]);
  // A capitalised word is only a name's typo ("Wed" stays: no member is one edit away).
  assert.deepEqual(keys("Zed 12"), ["zed", "12"]);
  // A dropped last letter of a date word: "ontem", not "onze".
  assert.deepEqual(keys("taxi onte"), ["taxi", "ontem"]);
});

Deno.test("correctTypos() never turns a first name into a category keyword", () => {
  const keys = correctTypos(tokenize("pizza 60 com a camila"), ["Ana"], () => false).map((t) =>
    t.key
  );
  assert.equal(keys[4], "camila");
});

Deno.test("correctTypos(): a tie of one category is read; a function word needs its first letter", () => {
  const key = (text: string, i: number) => correctTypos(tokenize(text), ["Ana"], known)[i].key;
  assert.ok(["dinner", "diner"].includes(key("dinnr 34", 0)));
  assert.equal(key("airbnb à gand 230", 2), "gand");
  // A word with a category of its own (the chain Billa) is no typo.
  assert.equal(key("billa 52,40", 0), "billa");
});

Deno.test("correctTypos(): after 'com a', 'with the', a typo is a member's name first", () => {
  const keys = correctTypos(tokenize("churros 15 com a júlai"), ["Fernanda", "Júlia"], known)
    .map((t) => t.key);
  assert.equal(keys[4], "julia");
});

Deno.test("correctTypos(): a member's name in the possessive is no typo of it", () => {
  const keys = (text: string) =>
    correctTypos(tokenize(text), ["Jake", "Olivia"], known).map((t) => t.key);
  assert.equal(keys("souvenir for olivias mom 15")[2], "olivias");
  assert.equal(keys("gift for olivia's dad 20")[2], "olivia's");
  // Before a list word it is still a name ("olivias and jake").
  assert.equal(keys("dinner with olivias and jake")[2], "olivia");
});

Deno.test("correctTypos(): a brand's name stays as typed, unless a member's name is near", () => {
  const kept = (text: string, members: string[]) =>
    correctTypos(tokenize(text), members, isParserWord, isBrandName).map((t) => t.key);
  assert.deepEqual(kept("Denner 19.95", ["Reto"]), ["denner", "19.95"]);
  assert.deepEqual(kept("vivo controle", ["Rafaela"])[0], "vivo");
  assert.deepEqual(kept("cerveja com Tigo", ["Tiago"])[2], "tiago");
  // Three letters too: "mtn" (the telephone company) is no Monday's typo.
  assert.deepEqual(kept("mtn data 5000", ["Chidi"]), ["mtn", "data", "5000"]);
});

Deno.test("correctTypos(): a capitalised first word before a paying verb is a subject's name", () => {
  const kept = (text: string) =>
    correctTypos(tokenize(text), ["Chidi"], isParserWord, isBrandName).map((t) => t.key);
  // "Emeka" is one edit from "Edeka" (a supermarket keyword): before "paid" it is a name.
  assert.deepEqual(kept("Emeka paid for the drinks"), ["emeka", "paid", "for", "the", "drinks"]);
});

Deno.test("correctTypos() makes no other word of a right one (round 8)", () => {
  // Two edits into a keyword that change the word's first half: another word, no slip.
  assert.deepEqual(keys("presidentes 1600"), ["presidentes", "1600"]);
  assert.deepEqual(keys("apartamento 360"), ["apartamento", "360"]);
  // Two edits at the end are slips still.
  assert.deepEqual(keys("portagens 14"), ["portagem", "14"]);
  // A letter added to a short word, neither doubled nor a closing "s"/"e": another word.
  assert.deepEqual(keys("250 thru gcash"), ["250", "thru", "gcash"]);
  assert.deepEqual(keys("santa justa 14"), ["santa", "justa", "14"]);
  assert.deepEqual(keys("taxi 16 hierr"), ["taxi", "16", "hier"]);
  // A word of the lexicons is no typo: "pagne" (a wax-print cloth) is no "pague".
  assert.deepEqual(keys("pagne pour la mère"), ["pagne", "pour", "la", "mere"]);
});

Deno.test("correctTypos() makes no date word of a word that differs only in its first letter (round 9)", () => {
  // "rue" (street) is no "tue", "lesco" no "tesco", "assado" no "passado".
  assert.deepEqual(keys("bouchon rue"), ["bouchon", "rue"]);
  assert.deepEqual(keys("lesco bill"), ["lesco", "bill"]);
  // A slip elsewhere in the word is still mended.
  assert.deepEqual(keys("taxi 12 yesterdy"), ["taxi", "12", "yesterday"]);
});

Deno.test("correctTypos() makes no settling word, service or function word of an ordinary word (round 9)", () => {
  // French "salé" is no "salde", the Amazonas theatre no Amazon, Spanish "pepa" no "pela".
  assert.deepEqual(keys("poisson salé mardi"), ["poisson", "sale", "mardi"]);
  assert.deepEqual(keys("ingresso teatro amazonas"), ["ingresso", "teatro", "amazonas"]);
  assert.deepEqual(keys("paella con Pepa"), ["paella", "con", "pepa"]);
  // Without the list of ordinary words, each was rewritten.
  const none = () => false;
  const raw = (text: string) =>
    correctTypos(tokenize(text), ["Ana"], known, isBrandName, none).map((t) => t.key);
  assert.notDeepEqual(raw("poisson salé mardi"), ["poisson", "sale", "mardi"]);
  assert.notDeepEqual(raw("ingresso teatro amazonas"), ["ingresso", "teatro", "amazonas"]);
  // "fürs" is "für" and "s", not English "furs"; an ordinary word still mends into a thing's word.
  assert.deepEqual(keys("fürs Znacht")[0], "fur");
});

Deno.test("correctTypos() makes no date word of a three-letter word by changing one letter (round 10)", () => {
  // "frm" is "from" written short, no slip of "fri".
  assert.deepEqual(keys("taxi frm town"), ["taxi", "frm", "town"]);
  // A dropped letter still mends ("hir" → "hier").
  assert.deepEqual(keys("taxi hir"), ["taxi", "hier"]);
});
