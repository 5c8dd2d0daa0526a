import assert from "node:assert/strict";
import fc from "fast-check";
import { numberWord, readNumberWords } from "./numbers.ts";
import { tokenize } from "./text.ts";

const key = (w: string) => tokenize(w)[0].key;

Deno.test("numberWord() reads units, teens and tens in five languages", () => {
  const cases: [string, number][] = [
    ["three", 3],
    ["twelve", 12],
    ["twenty-five", 25],
    ["tres", 3],
    ["veinticinco", 25],
    ["zwölf", 12],
    ["fünfundzwanzig", 25],
    ["einundzwanzig", 21],
    ["dreißig", 30],
    ["vingt", 20],
    ["vingt-cinq", 25],
    ["dix-huit", 18],
    ["soixante-dix", 70],
    ["quatre-vingt-dix", 90],
    ["dez", 10],
    ["três", 3],
    ["cem", 100],
  ];
  for (const [word, value] of cases) assert.equal(numberWord(key(word)), value, word);
  assert.equal(numberWord("taxi"), undefined);
});

Deno.test("readNumberWords() joins tens and units written apart", () => {
  assert.deepEqual(readNumberWords(tokenize("treinta y dos euros"), 0), { value: 32, end: 2 });
  assert.deepEqual(readNumberWords(tokenize("vinte e cinco reais"), 0), { value: 25, end: 2 });
  assert.deepEqual(readNumberWords(tokenize("twenty five"), 0), { value: 25, end: 1 });
  assert.deepEqual(readNumberWords(tokenize("vingt et un"), 0), { value: 21, end: 2 });
  // "a" after a ten is an article, not a unit.
  assert.deepEqual(readNumberWords(tokenize("twenty a"), 0), { value: 20, end: 0 });
});

const UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
  .concat(["seventeen", "eighteen", "nineteen"]);
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** 1–99 in English words, tens and units joined by `glue`. */
function english(n: number, glue: string): string {
  if (n < 10) return UNITS[n];
  if (n < 20) return TEENS[n - 10];
  return n % 10 === 0 ? TENS[n / 10] : `${TENS[Math.floor(n / 10)]}${glue}${UNITS[n % 10]}`;
}

Deno.test("property: every number from 1 to 99 in English words reads back", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 99 }), fc.constantFrom("-", " "), (n, glue) => {
      const tokens = tokenize(`${english(n, glue)} euros`);
      const read = readNumberWords(tokens, 0);
      assert.equal(read?.value, n);
      assert.equal(tokens[read!.end + 1].key, "euros");
    }),
  );
});

Deno.test("readNumberWords() reads hundreds and thousands written as words", () => {
  const read = (text: string) => readNumberWords(tokenize(text), 0);
  assert.deepEqual(read("quinientos varos"), { value: 500, end: 0 });
  assert.deepEqual(read("mil e duzentos"), { value: 1200, end: 2 });
  assert.deepEqual(read("mille deux cents dh"), { value: 1200, end: 2 });
  assert.deepEqual(read("two hundred and fifty"), { value: 250, end: 3 });
  assert.deepEqual(read("dos mil quinientos"), { value: 2500, end: 2 });
  assert.deepEqual(read("trescientos veinte"), { value: 320, end: 1 });
  // A thousand word alone is no number ("22 mil" is read by the amount, with its digits).
  assert.equal(read("mil pesos"), undefined);
  // A unit stays a unit when no hundred follows.
  assert.deepEqual(read("three days"), { value: 3, end: 0 });
});
