import assert from "node:assert/strict";
import { dayPartAfter, dayPartAt } from "./day_parts.ts";
import { extractDate } from "./date.ts";
import { tokenize } from "./text.ts";

const TODAY = "2026-06-10";

/** The date of a message and the words left unclaimed. */
function read(text: string): { date: string; left: string[] } {
  const tokens = tokenize(text);
  const claimed = tokens.map(() => false);
  const found = extractDate(tokens, claimed, TODAY);
  assert.ok("date" in found, text);
  return { date: found.date, left: tokens.filter((_, i) => !claimed[i]).map((t) => t.lower) };
}

Deno.test("a part of the day after 'this' is today, in the five languages", () => {
  for (
    const text of [
      "bagels 11 this morning",
      "churros 7 esta mañana",
      "croissants 9 ce matin",
      "pizza ce soir",
      "pastéis 6 esta manhã",
      "pizza tonight",
      "déjeuner 26 à matin",
      "taxi 20 cette nuit",
      "coffee 5 this arvo",
      "coffee 4 this am",
      "cena 30 esta noche",
    ]
  ) {
    const { date, left } = read(text);
    assert.equal(date, TODAY, text);
    assert.equal(left.filter((w) => !/\d/.test(w)).length, 1, text);
  }
});

Deno.test("last night and anoche are yesterday", () => {
  assert.deepEqual(read("drinks last night"), { date: "2026-06-09", left: ["drinks"] });
  assert.deepEqual(read("copas anoche"), { date: "2026-06-09", left: ["copas"] });
  assert.deepEqual(read("Kneipe letzte Nacht"), { date: "2026-06-09", left: ["kneipe"] });
});

Deno.test("a part of the day after a date word, across linking words, goes with it", () => {
  assert.deepEqual(read("frühstück heute morgen"), { date: TODAY, left: ["frühstück"] });
  assert.deepEqual(read("kaffee heut in der früh"), { date: TODAY, left: ["kaffee"] });
  assert.deepEqual(read("pão hoje de manhã"), { date: TODAY, left: ["pão"] });
  assert.deepEqual(read("cena ayer por la noche"), { date: "2026-06-09", left: ["cena"] });
  assert.deepEqual(read("comida hoy al mediodía"), { date: TODAY, left: ["comida"] });
  assert.deepEqual(read("pão ontem pela manhã"), { date: "2026-06-09", left: ["pão"] });
  // A linking word not followed by a part of the day stays: "ayer a Bob".
  assert.deepEqual(read("ayer a Bob"), { date: "2026-06-09", left: ["a", "bob"] });
});

Deno.test("'mañana' and 'morgen' alone are no part of today", () => {
  assert.equal(dayPartAt(tokenize("mañana"), 0), undefined);
  assert.equal(dayPartAt(tokenize("morgen"), 0), undefined);
  assert.equal(dayPartAfter(tokenize("hoy a Bob"), [false, false, false], 0), 0);
});

Deno.test("chat spellings of last night are yesterday", () => {
  assert.deepEqual(read("pints lastnite 36"), { date: "2026-06-09", left: ["pints", "36"] });
  assert.deepEqual(read("kfc 46.70 last nite"), { date: "2026-06-09", left: ["kfc", "46.70"] });
});

Deno.test("Austrian 'gestern auf d'Nacht' is yesterday evening (round 10)", () => {
  assert.equal(
    dayPartAfter(tokenize("gestern auf d'Nacht 36"), [true, false, false, false, false], 0),
    3,
  );
});
