import assert from "node:assert/strict";
import fc from "fast-check";
import { extractDate } from "./date.ts";
import { tokenize } from "./text.ts";

// 2026-11-22 is a Sunday.
function dateOf(text: string, today = "2026-11-22") {
  const tokens = tokenize(text);
  return extractDate(tokens, tokens.map(() => false), today);
}

Deno.test("relative dates: counted days and weeks ago in five languages", () => {
  for (
    const text of [
      "three days ago",
      "3 days ago",
      "hace tres días",
      "vor drei Tagen",
      "il y a trois jours",
      "há três dias",
      "3 dias atrás",
    ]
  ) assert.deepEqual(dateOf(text), { date: "2026-11-19" }, text);
  for (
    const text of [
      "a week ago",
      "last week",
      "hace una semana",
      "la semana pasada",
      "vor einer Woche",
      "letzte Woche",
      "la semaine dernière",
      "semana passada",
    ]
  ) assert.deepEqual(dateOf(text), { date: "2026-11-15" }, text);
});

Deno.test("relative dates: the day before yesterday, and weekdays, in French and Portuguese", () => {
  for (
    const text of [
      "the day before yesterday",
      "anteayer",
      "vorgestern",
      "avant-hier",
      "avant hier",
      "anteontem",
      "antes de ontem",
    ]
  ) assert.deepEqual(dateOf(text), { date: "2026-11-20" }, text);
  assert.deepEqual(dateOf("hier"), { date: "2026-11-21" });
  assert.deepEqual(dateOf("ontem"), { date: "2026-11-21" });
  assert.deepEqual(dateOf("vendredi"), { date: "2026-11-20" });
  assert.deepEqual(dateOf("dimanche dernier"), { date: "2026-11-15" });
  assert.deepEqual(dateOf("sexta-feira"), { date: "2026-11-20" });
  assert.deepEqual(dateOf("sábado passado"), { date: "2026-11-21" });
  assert.deepEqual(dateOf("le 3 mars"), { date: "2026-03-03" });
  assert.deepEqual(dateOf("3 de março"), { date: "2026-03-03" });
});

Deno.test("relative dates: a count without its 'ago' is no date", () => {
  assert.deepEqual(dateOf("3 days of skiing"), { date: "2026-11-22" });
  assert.deepEqual(dateOf("three days ago, yesterday"), { reason: "two dates" });
});

Deno.test("property: n days ago, in digits or words, is n days before today", () => {
  const words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10 }),
      fc.boolean(),
      fc.constantFrom(
        (n: string) => `${n} days ago`,
        (n: string) => `hace ${n} días`,
        (n: string) => `vor ${n} Tagen`,
        (n: string) => `il y a ${n} jours`,
        (n: string) => `há ${n} dias`,
      ),
      (n, inWords, say) => {
        const today = Date.parse("2026-11-22T00:00:00Z");
        const expected = new Date(today - n * 86_400_000).toISOString().slice(0, 10);
        // Only English words are generated; the other languages take digits.
        const count = inWords && say("x").startsWith("x") ? words[n - 1] : String(n);
        assert.deepEqual(dateOf(`taxi ${say(count)}`), { date: expected });
      },
    ),
  );
});
