import assert from "node:assert/strict";
import fc from "fast-check";
import {
  addDays,
  dueInstant,
  isOccurrence,
  isTimeZone,
  localDate,
  occurrencesBetween,
  occurrencesFrom,
  type RuleData,
  RuleInput,
} from "./rule.ts";

const monthly = (lastDayOfMonth = false): RuleData => ({
  freq: "monthly",
  interval: 1,
  lastDayOfMonth,
  until: null,
  count: null,
});

Deno.test("monthly on the 31st falls on the last day of shorter months", () => {
  assert.deepEqual(occurrencesFrom(monthly(), "2025-01-31", "2025-01-01", 4), [
    "2025-01-31",
    "2025-02-28",
    "2025-03-31",
    "2025-04-30",
  ]);
});

Deno.test("monthly on the last day, from the 15th", () => {
  assert.deepEqual(occurrencesFrom(monthly(true), "2024-01-15", "2024-01-01", 3), [
    "2024-01-31",
    "2024-02-29",
    "2024-03-31",
  ]);
});

Deno.test("yearly on 29 February is the 28th in other years", () => {
  const rule = { ...monthly(), freq: "yearly" as const };
  assert.deepEqual(occurrencesFrom(rule, "2024-02-29", "2024-01-01", 3), [
    "2024-02-29",
    "2025-02-28",
    "2026-02-28",
  ]);
});

Deno.test("weekly every 2 weeks, ended by count", () => {
  const rule: RuleData = { ...monthly(), freq: "weekly", interval: 2, count: 3 };
  assert.deepEqual(occurrencesFrom(rule, "2026-01-05", "2026-01-01", 10), [
    "2026-01-05",
    "2026-01-19",
    "2026-02-02",
  ]);
  assert.ok(isOccurrence(rule, "2026-01-05", "2026-01-19"));
  assert.ok(!isOccurrence(rule, "2026-01-05", "2026-01-12"));
  assert.ok(!isOccurrence(rule, "2026-01-05", "2026-02-16"));
});

Deno.test("until includes its own day", () => {
  const rule: RuleData = { ...monthly(), freq: "daily", until: "2026-03-03" };
  assert.deepEqual(occurrencesBetween(rule, "2026-03-01", "2026-01-01", "2026-12-31", 10), [
    "2026-03-01",
    "2026-03-02",
    "2026-03-03",
  ]);
});

Deno.test("a date is due at the start of its day in the group's time zone", () => {
  assert.equal(dueInstant("2026-07-01", "Europe/Berlin"), Date.parse("2026-06-30T22:00:00Z"));
  assert.equal(dueInstant("2026-01-01", "UTC"), Date.parse("2026-01-01T00:00:00Z"));
  assert.equal(localDate(Date.parse("2026-06-30T22:30:00Z"), "Europe/Berlin"), "2026-07-01");
  assert.equal(localDate(Date.parse("2026-06-30T22:30:00Z"), "America/New_York"), "2026-06-30");
});

Deno.test("time zones are IANA names", () => {
  assert.ok(isTimeZone("Europe/Berlin"));
  assert.ok(isTimeZone("UTC"));
  assert.ok(!isTimeZone("Mars/Olympus"));
  assert.ok(!isTimeZone("+01:00"));
  assert.ok(!isTimeZone(""));
});

Deno.test("a rule input refuses until with count, and lastDayOfMonth on weekly rules", () => {
  assert.ok(!RuleInput.safeParse({ freq: "daily", until: "2026-01-01", count: 3 }).success);
  assert.ok(!RuleInput.safeParse({ freq: "weekly", lastDayOfMonth: true }).success);
  assert.ok(!RuleInput.safeParse({ freq: "hourly" }).success);
  assert.ok(!RuleInput.safeParse({ freq: "daily", interval: 0 }).success);
  assert.deepEqual(RuleInput.parse({ freq: "daily" }), {
    freq: "daily",
    interval: 1,
    lastDayOfMonth: false,
    until: null,
    count: null,
  });
});

const ruleArb = fc.record({
  freq: fc.constantFrom("daily" as const, "weekly" as const, "monthly" as const, "yearly" as const),
  interval: fc.integer({ min: 1, max: 5 }),
  lastDayOfMonth: fc.boolean(),
  until: fc.constant(null),
  count: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
}).map((r) => ({ ...r, lastDayOfMonth: r.freq === "monthly" && r.lastDayOfMonth }));
const dateArb = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2040-12-31T00:00:00Z"),
  noInvalidDate: true,
}).map((d) => d.toISOString().slice(0, 10));

Deno.test("property: occurrences are increasing, on or after the start, within count, and each is an occurrence", () => {
  fc.assert(
    fc.property(ruleArb, dateArb, (rule, start) => {
      const dates = occurrencesFrom(rule, start, addDays(start, -3), 12);
      for (let i = 1; i < dates.length; i++) assert.ok(dates[i - 1] < dates[i]);
      if (dates.length) assert.ok(dates[0] >= start);
      if (rule.count !== null) assert.ok(dates.length <= rule.count);
      else assert.equal(dates.length, 12);
      for (const d of dates) assert.ok(isOccurrence(rule, start, d), d);
      if (dates.length > 1) {
        const between = occurrencesBetween(rule, start, dates[0], dates[dates.length - 1], 100);
        assert.deepEqual(between, dates);
      }
    }),
    { numRuns: 150 },
  );
});

Deno.test("property: monthly occurrences are one per month, on the start's day or the month's last", () => {
  fc.assert(
    fc.property(dateArb, fc.boolean(), (start, last) => {
      const dates = occurrencesFrom(monthly(last), start, start, 14);
      const day = Number(start.slice(8));
      for (const d of dates) {
        const p = Temporal.PlainDate.from(d);
        assert.equal(p.day, last ? p.daysInMonth : Math.min(day, p.daysInMonth), d);
      }
      const months = new Set(dates.map((d) => d.slice(0, 7)));
      assert.equal(months.size, dates.length);
    }),
    { numRuns: 150 },
  );
});
