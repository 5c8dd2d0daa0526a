import assert from "node:assert/strict";
import { tokenize } from "./text.ts";

Deno.test("tokenize() marks words a comma followed and splits commas between names", () => {
  const tokens = tokenize("Ana,Bob, and Chen 12,50");
  assert.deepEqual(tokens.map((t) => t.raw), ["Ana", "Bob", "and", "Chen", "12,50"]);
  assert.deepEqual(tokens.map((t) => t.comma === true), [true, true, false, false, false]);
});

Deno.test("tokenize() splits French and Portuguese elisions", () => {
  assert.deepEqual(tokenize("j'ai payé l'hôtel d’abord").map((t) => t.key), [
    "j",
    "ai",
    "paye",
    "l",
    "hotel",
    "d",
    "abord",
  ]);
  assert.deepEqual(tokenize("aujourd'hui").map((t) => t.key), ["aujourd'hui"]);
});

Deno.test("tokenize() joins thousands grouped by spaces, a short unit attached too", () => {
  assert.deepEqual(tokenize("auchan 18 500f").map((t) => t.raw), ["auchan", "18500f"]);
  assert.deepEqual(tokenize("loyer 4 500 dh").map((t) => t.raw), ["loyer", "4500", "dh"]);
  // Five letters or more attached are a word, not a unit: the groups stay apart.
  assert.deepEqual(tokenize("le 3 200euros").map((t) => t.raw), ["le", "3", "200euros"]);
});

Deno.test("tokenize() joins a count written '2x' to the price after it", () => {
  assert.deepEqual(tokenize("CFF 2x 27.40 avec céline").map((t) => t.raw), [
    "CFF",
    "2x27.40",
    "avec",
    "céline",
  ]);
  assert.deepEqual(tokenize("billets 3× 12").map((t) => t.raw), ["billets", "3×12"]);
});

Deno.test("tokenize() drops German 's clipped onto an auxiliary, not an English possessive", () => {
  assert.deepEqual(tokenize("Bernhard hat's Taxi gezahlt").map((t) => t.raw), [
    "Bernhard",
    "hat",
    "Taxi",
    "gezahlt",
  ]);
  assert.deepEqual(tokenize("Joe's hat 20").map((t) => t.raw), ["Joe's", "hat", "20"]);
});
