import assert from "node:assert/strict";
import { looksLikeName, memberNamed, resolvePerson } from "./people.ts";
import { tokenize } from "./text.ts";

const context = { me: "Ana", members: ["Ana", "Bob", "José"] };
const person = (word: string) => resolvePerson(tokenize(word)[0], context);

Deno.test("resolvePerson() matches members case- and accent-insensitively", () => {
  assert.deepEqual(person("bob"), { member: "Bob" });
  assert.deepEqual(person("JOSE"), { member: "José" });
  assert.equal(memberNamed("zed", context.members), undefined);
});

Deno.test("resolvePerson() reads the sender and everyone in three languages", () => {
  for (const w of ["me", "I", "yo", "mí", "ich", "mir", "mich"]) {
    assert.deepEqual(person(w), { member: "Ana" }, w);
  }
  for (const w of ["all", "everyone", "todos", "alle"]) {
    assert.deepEqual(person(w), { everyone: true }, w);
  }
  assert.equal(person("taxi"), undefined);
});

Deno.test("looksLikeName() wants a capital and an unknown word", () => {
  const known = (key: string) => key === "pizza";
  assert.equal(looksLikeName(tokenize("Zed")[0], known), true);
  assert.equal(looksLikeName(tokenize("zed")[0], known), false);
  assert.equal(looksLikeName(tokenize("Pizza")[0], known), false);
});
