import assert from "node:assert/strict";
import names from "./first_names.json" with { type: "json" };
import { isFirstName } from "./first_names.ts";
import { isParserWord } from "../vocabulary.ts";
import { keyOf } from "../text.ts";

Deno.test("the first names cover the five languages, as keys, with no grammar word", () => {
  assert.ok(names.names.length >= 3000, `${names.names.length}`);
  for (const n of names.names) {
    assert.equal(n, keyOf(n), n);
    assert.ok(!isParserWord(n), n);
  }
  for (const n of ["kevin", "marta", "stefan", "julien", "joao", "gustavo", "rita", "maxime"]) {
    assert.ok(isFirstName(n), n);
  }
  for (const w of ["oat", "friends", "gambas", "queijo", "nutella"]) assert.ok(!isFirstName(w), w);
});
