import assert from "node:assert/strict";
import { extractDate } from "./date.ts";
import { tokenize } from "./text.ts";

// 2026-11-22 is a Sunday.
function dateOf(text: string, today = "2026-11-22") {
  const tokens = tokenize(text);
  return extractDate(tokens, tokens.map(() => false), today);
}

Deno.test("extractDate() defaults to today and reads relative days in three languages", () => {
  assert.deepEqual(dateOf("taxi 12"), { date: "2026-11-22" });
  assert.deepEqual(dateOf("yesterday"), { date: "2026-11-21" });
  assert.deepEqual(dateOf("day before yesterday"), { date: "2026-11-20" });
  assert.deepEqual(dateOf("ayer"), { date: "2026-11-21" });
  assert.deepEqual(dateOf("anteayer"), { date: "2026-11-20" });
  assert.deepEqual(dateOf("vorgestern"), { date: "2026-11-20" });
  assert.deepEqual(dateOf("heute"), { date: "2026-11-22" });
});

Deno.test("extractDate() reads weekdays: the latest past such day, a week ago on that day", () => {
  assert.deepEqual(dateOf("last friday"), { date: "2026-11-20" });
  // 2026-11-22 is a Sunday: a bare "sunday" is the one before ("today" says today).
  assert.deepEqual(dateOf("on sunday"), { date: "2026-11-15" });
  assert.deepEqual(dateOf("el domingo"), { date: "2026-11-15" });
  assert.deepEqual(dateOf("am Sonntag"), { date: "2026-11-15" });
  assert.deepEqual(dateOf("dimanche"), { date: "2026-11-15" });
  assert.deepEqual(dateOf("no domingo"), { date: "2026-11-15" });
  assert.deepEqual(dateOf("on saturday"), { date: "2026-11-21" });
  assert.deepEqual(dateOf("last sunday"), { date: "2026-11-15" });
  assert.deepEqual(dateOf("el lunes"), { date: "2026-11-16" });
  assert.deepEqual(dateOf("el domingo pasado"), { date: "2026-11-15" });
  assert.deepEqual(dateOf("letzten Samstag"), { date: "2026-11-21" });
});

Deno.test("extractDate() reads day and month, the latest on or before today", () => {
  assert.deepEqual(dateOf("on 3 March"), { date: "2026-03-03" });
  assert.deepEqual(dateOf("March 3rd"), { date: "2026-03-03" });
  assert.deepEqual(dateOf("30 December"), { date: "2025-12-30" });
  assert.deepEqual(dateOf("3 de marzo de 2025"), { date: "2025-03-03" });
  assert.deepEqual(dateOf("am 3. März"), { date: "2026-03-03" });
  assert.deepEqual(dateOf("3/11"), { date: "2026-11-03" });
  assert.deepEqual(dateOf("20.05.2026"), { date: "2026-05-20" });
  assert.deepEqual(dateOf("2026-11-20"), { date: "2026-11-20" });
});

Deno.test("extractDate() claims a part of the day after its date word", () => {
  const tokens = tokenize("hier soir resto");
  const claimed = tokens.map(() => false);
  assert.deepEqual(extractDate(tokens, claimed, "2026-11-22"), { date: "2026-11-21" });
  assert.deepEqual(claimed, [true, true, false]);
  const pt = tokenize("ontem à noite pizza");
  const ptClaimed = pt.map(() => false);
  assert.deepEqual(extractDate(pt, ptClaimed, "2026-11-22"), { date: "2026-11-21" });
  assert.deepEqual(ptClaimed, [true, true, true, false]);
  const alone = tokenize("tarde 20");
  const aloneClaimed = alone.map(() => false);
  extractDate(alone, aloneClaimed, "2026-11-22");
  assert.deepEqual(aloneClaimed, [false, false]);
});

Deno.test("extractDate() refuses impossible and conflicting dates", () => {
  assert.deepEqual(dateOf("31 February"), { reason: "invalid date" });
  assert.deepEqual(dateOf("2026-13-01"), { reason: "invalid date" });
  assert.deepEqual(dateOf("yesterday on 3 March"), { reason: "two dates" });
  assert.deepEqual(dateOf("yesterday, i.e. on saturday"), { date: "2026-11-21" });
});

Deno.test("extractDate(): a member's name or a day past 31 after a month name is no date", () => {
  const tokens = tokenize("Jan 20 per Twint geschickt");
  assert.deepEqual(extractDate(tokens, tokens.map(() => false), "2026-11-22", (k) => k === "jan"), {
    date: "2026-11-22",
  });
  assert.deepEqual(dateOf("Jan 35 geschickt"), { date: "2026-11-22" });
});

Deno.test("extractDate() reads Swiss German weekdays", () => {
  // 2026-11-22 is a Sunday.
  assert.deepEqual(dateOf("Volg 32.60 am Mändig"), { date: "2026-11-16" });
  assert.deepEqual(dateOf("Beiz am Fritig 80"), { date: "2026-11-20" });
});

Deno.test("extractDate(): a date naming a street or fair, or a number before 'mil', is none (round 8)", () => {
  assert.deepEqual(dateOf("feria 16 de julio verduras 150"), { date: "2026-11-22" });
  assert.deepEqual(dateOf("taxi a la avenida 9 de julio 30"), { date: "2026-11-22" });
  assert.deepEqual(dateOf("alquiler febrero 28 mil"), { date: "2026-11-22" });
  // Elsewhere they are dates still.
  assert.deepEqual(dateOf("verduras 16 de julio 150"), { date: "2026-07-16" });
  assert.deepEqual(dateOf("february 28 rent 350"), { date: "2026-02-28" });
});

Deno.test("extractDate(): 'Tuesday gone'; a date after 'la', 'na' or a stadium, and 'la sexta', are places (round 10)", () => {
  const claimedOf = (text: string) => {
    const tokens = tokenize(text);
    const claimed = tokens.map(() => false);
    const found = extractDate(tokens, claimed, "2026-11-22");
    return { found, claimed: tokens.filter((_, i) => claimed[i]).map((t) => t.key) };
  };
  assert.deepEqual(claimedOf("water 88.20 tuesday gone"), {
    found: { date: "2026-11-17" },
    claimed: ["tuesday", "gone"],
  });
  for (
    const text of [
      "cangrejada en la 9 de octubre 64",
      "enfeites na 25 de março 40",
      "concerto no estádio 24 de setembro 10.000",
      "caites en la sexta 120",
    ]
  ) {
    assert.deepEqual(claimedOf(text), { found: { date: "2026-11-22" }, claimed: [] }, text);
  }
  // "el 9 de octubre" and Portuguese "na sexta" stay dates.
  assert.deepEqual(dateOf("cena el 9 de octubre 30"), { date: "2026-10-09" });
  assert.deepEqual(dateOf("jantar na sexta 30"), { date: "2026-11-20" });
});
