import assert from "node:assert/strict";
import { joinMemberNames } from "./names.ts";
import { tokenize } from "./text.ts";

const MEMBERS = ["Lucas", "Beatriz", "Ana Clara"];

Deno.test("a member's name of two words becomes one token, in any case and accent", () => {
  const keys = (text: string) => joinMemberNames(tokenize(text), MEMBERS).map((t) => t.key);
  assert.deepEqual(keys("uber 27 eu e ana clara"), ["uber", "27", "eu", "e", "ana clara"]);
  assert.deepEqual(keys("Ana Clara pagou 20"), ["ana clara", "pagou", "20"]);
  assert.deepEqual(keys("com ANA CLÁRA, Beatriz"), ["com", "ana clara", "beatriz"]);
});

Deno.test("the joined token keeps its spelling and the comma after it", () => {
  const [t] = joinMemberNames(tokenize("Ana Clara, Lucas"), MEMBERS);
  assert.deepEqual(t, { raw: "Ana Clara", lower: "ana clara", key: "ana clara", comma: true });
});

Deno.test("words of the name apart, or split by a comma, stay as they are", () => {
  const keys = (text: string) => joinMemberNames(tokenize(text), MEMBERS).map((t) => t.key);
  assert.deepEqual(keys("ana, clara"), ["ana", "clara"]);
  assert.deepEqual(keys("clara ana"), ["clara", "ana"]);
  assert.deepEqual(joinMemberNames(tokenize("ana clara"), ["Ana"]).length, 2);
});
