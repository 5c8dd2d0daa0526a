import assert from "node:assert/strict";
import fc from "fast-check";
import { parseMessage } from "./parse.ts";
import { readNames } from "./split.ts";
import { tokenize } from "./text.ts";

const context = { me: "Ana", members: ["Ana", "Bob", "Chen", "José", "Léa"] };
const namesOf = (text: string) => {
  const tokens = tokenize(text);
  return readNames(tokens, tokens.map(() => false), 0, context, () => false);
};

Deno.test("readNames() reads lists with commas, conjunctions and the Oxford comma", () => {
  const people = (text: string) => {
    const read = namesOf(text);
    return "people" in read ? read.people.map((p) => "member" in p ? p.member : "all") : read;
  };
  assert.deepEqual(people("Bob, Chen and José"), ["Bob", "Chen", "José"]);
  assert.deepEqual(people("Bob, Chen, and José"), ["Bob", "Chen", "José"]);
  assert.deepEqual(people("bob,chen"), ["Bob", "Chen"]);
  assert.deepEqual(people("me & Bob"), ["Ana", "Bob"]);
  assert.deepEqual(people("Bob + Chen"), ["Bob", "Chen"]);
  assert.deepEqual(people("Bob y José"), ["Bob", "José"]);
  assert.deepEqual(people("Bob und Chen"), ["Bob", "Chen"]);
  assert.deepEqual(people("Bob et Léa"), ["Bob", "Léa"]);
  assert.deepEqual(people("o Bob e a Léa"), ["Bob", "Léa"]);
  assert.deepEqual(people("BOB and LÉA"), ["Bob", "Léa"]);
  assert.deepEqual(namesOf("Bob, Zed and Chen"), { reason: "unknown name Zed" });
  // A comma ends the list when no name follows.
  assert.deepEqual(people("Bob, taxi"), ["Bob"]);
});

const separators = [", ", " and ", " & ", " + ", " y ", " und ", " et ", " e ", ",", " , "];

Deno.test("property: n names joined by any separators split an expense among those n", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.constantFrom(...context.members.slice(1)), { minLength: 1, maxLength: 4 }),
      fc.array(fc.constantFrom(...separators), { minLength: 4, maxLength: 4 }),
      fc.boolean(),
      fc.constantFrom(
        (s: string) => s,
        (s: string) => s.toLowerCase(),
        (s: string) => s.toUpperCase(),
      ),
      (names, seps, oxford, kase) => {
        const list = names.map(kase).reduce((text, name, i) =>
          i === 0
            ? name
            : i === names.length - 1 && oxford && names.length > 2
            ? `${text}, and ${name}`
            : `${text}${seps[i - 1]}${name}`
        );
        const parsed = parseMessage(`dinner 40 between ${list}`, {
          ...context,
          today: "2026-11-22",
          currency: "EUR",
        });
        assert.equal(parsed.intent, "expense", list);
        if (parsed.intent !== "expense") return;
        assert.deepEqual([...parsed.splitWith].sort(), [...names].sort(), list);
      },
    ),
  );
});
