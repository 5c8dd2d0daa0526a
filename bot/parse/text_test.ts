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
