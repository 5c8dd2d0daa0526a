import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../errors.ts";
import { equalExpense, groupWithMembers, OWNER_MEMBER, uuid } from "../testing/group_fixtures.ts";
import { occurrenceExpenseId, SCHEDULER_ACTOR_ID } from "../recurrence/occurrence_id.ts";
import type { RuleData } from "../recurrence/rule.ts";
import type { TemplateInput } from "./commands.ts";
import { nextOccurrence, upcomingOccurrences } from "./recurrences.ts";

const R = uuid(900);
const NOW = "2026-03-10T12:00:00Z";
const DAILY: RuleData = {
  freq: "daily",
  interval: 1,
  lastDayOfMonth: false,
  until: null,
  count: null,
};

function template(members: string[]): TemplateInput {
  const { date: _date, ...rest } = equalExpense("10.00", members);
  return { ...rest, category: "food" };
}

function withRecurrence(rule: RuleData = DAILY, start = "2026-03-08") {
  const g = groupWithMembers(1);
  g.driver.run({
    type: "recurrence.create",
    recurrenceId: R,
    rule,
    start,
    template: template(g.members),
    now: NOW,
  });
  return g;
}

function occur(driver: ReturnType<typeof groupWithMembers>["driver"], date: string, now = NOW) {
  return driver.run(
    { type: "recurrence.occur", recurrenceId: R, date, now, fx: null },
    SCHEDULER_ACTOR_ID,
  );
}

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${e}`);
    return e;
  }
  assert.fail("expected a DomainError");
}

Deno.test("an occurrence is an expense with the deterministic id, then the next one", () => {
  const { driver } = withRecurrence();
  const events = occur(driver, "2026-03-08");
  assert.deepEqual(events.map((e) => e.type), ["ExpenseRecorded", "RecurrenceOccurred"]);
  const expenseId = occurrenceExpenseId(R, "2026-03-08");
  assert.equal(events[0].type === "ExpenseRecorded" && events[0].data.expenseId, expenseId);
  assert.equal(events[0].type === "ExpenseRecorded" && events[0].data.date, "2026-03-08");
  assert.equal(refusal(() => occur(driver, "2026-03-08")).code, "recurrence.not_next");
  assert.equal(nextOccurrence(driver.state.recurrences.get(R)!), "2026-03-09");
});

Deno.test("an occurrence is refused before it is due in the group's time zone", () => {
  const { driver } = withRecurrence(DAILY, "2026-03-11");
  assert.equal(refusal(() => occur(driver, "2026-03-11")).code, "recurrence.not_due");
  driver.run({ type: "group.update", timeZone: "Pacific/Auckland" });
  // 12:00 UTC on the 10th is already the 11th in Auckland.
  assert.equal(occur(driver, "2026-03-11").length, 2);
});

Deno.test("only the scheduler records occurrences", () => {
  const { driver } = withRecurrence();
  const e = refusal(() =>
    driver.run({
      type: "recurrence.occur",
      recurrenceId: R,
      date: "2026-03-08",
      now: NOW,
      fx: null,
    })
  );
  assert.equal(e.code, "forbidden");
});

Deno.test("skip, pause, resume and stop", () => {
  const { driver } = withRecurrence();
  driver.run({ type: "recurrence.skip", recurrenceId: R, date: "2026-03-08" });
  assert.equal(refusal(() => occur(driver, "2026-03-08")).code, "recurrence.not_next");
  occur(driver, "2026-03-09");
  assert.equal(
    refusal(() => driver.run({ type: "recurrence.skip", recurrenceId: R, date: "2026-03-09" }))
      .code,
    "recurrence.past",
  );
  driver.run({ type: "recurrence.update", recurrenceId: R, paused: true, now: NOW });
  assert.equal(refusal(() => occur(driver, "2026-03-10")).code, "recurrence.paused");
  // Resumed on the 12th: the 10th and 11th, due while paused, are not recorded.
  driver.run({
    type: "recurrence.update",
    recurrenceId: R,
    paused: false,
    now: "2026-03-12T08:00:00Z",
  });
  assert.deepEqual(upcomingOccurrences(driver.state.recurrences.get(R)!, 2), [
    "2026-03-12",
    "2026-03-13",
  ]);
  occur(driver, "2026-03-12", "2026-03-12T08:00:00Z");
  driver.run({ type: "recurrence.stop", recurrenceId: R });
  assert.equal(
    refusal(() => occur(driver, "2026-03-13", "2026-03-14T00:00:00Z")).code,
    "recurrence.stopped",
  );
  assert.deepEqual(driver.run({ type: "recurrence.stop", recurrenceId: R }), []);
});

Deno.test("a change applies from today on", () => {
  const { driver, members } = withRecurrence(DAILY, "2026-03-01");
  occur(driver, "2026-03-01");
  const weekly: RuleData = { ...DAILY, freq: "weekly" };
  const events = driver.run({
    type: "recurrence.update",
    recurrenceId: R,
    rule: weekly,
    template: { ...template(members), description: "Rent" },
    now: NOW,
  });
  assert.equal(events[0].type === "RecurrenceChanged" && events[0].data.from, "2026-03-10");
  // Weekly from the 1st (a Sunday): the 15th is the next, the 8th lies before the change.
  assert.equal(nextOccurrence(driver.state.recurrences.get(R)!), "2026-03-15");
});

Deno.test("a template the ledger now refuses pauses the recurrence with the reason", () => {
  const { driver, members } = withRecurrence();
  driver.run({ type: "member.remove", memberId: members[1] });
  const events = occur(driver, "2026-03-08");
  assert.equal(events.length, 1);
  assert.equal(events[0].type, "RecurrencePaused");
  assert.equal(events[0].type === "RecurrencePaused" && events[0].data.date, "2026-03-08");
  assert.equal(driver.state.recurrences.get(R)!.status, "paused");
});

Deno.test("a start more than a year back, an empty rule and a bad template are refused", () => {
  const { driver, members } = groupWithMembers(1);
  const create = (start: string, rule: RuleData = DAILY, t = template(members)) =>
    driver.run({ type: "recurrence.create", recurrenceId: R, rule, start, template: t, now: NOW });
  assert.equal(refusal(() => create("2025-03-01")).code, "recurrence.start_range");
  assert.equal(
    refusal(() => create("2026-03-01", { ...DAILY, until: "2026-02-01" })).code,
    "recurrence.empty",
  );
  const stranger = { ...template(members), paidBy: [{ memberId: uuid(999), amount: "10.00" }] };
  assert.ok(refusal(() => create("2026-03-01", DAILY, stranger)));
  assert.equal(driver.state.recurrences.size, 0);
  assert.ok(OWNER_MEMBER);
});

Deno.test("property: any interleaving of skips and occurrences records each date at most once, in order", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 })), { maxLength: 40 }),
      (steps) => {
        const { driver } = withRecurrence({ ...DAILY, count: 15 }, "2026-03-01");
        for (const [skip, offset] of steps) {
          const date = Temporal.PlainDate.from("2026-03-01").add({ days: offset }).toString();
          try {
            if (skip) driver.run({ type: "recurrence.skip", recurrenceId: R, date });
            else occur(driver, date, "2026-04-01T00:00:00Z");
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
          }
        }
        const dates = driver.events.flatMap((e) =>
          e.type === "RecurrenceOccurred" ? [e.data.date] : []
        );
        assert.deepEqual(dates, [...new Set(dates)].sort());
        assert.ok(dates.every((d) => d <= "2026-03-15"));
        const skipped = new Set(
          driver.events.flatMap((e) =>
            e.type === "RecurrenceOccurrenceSkipped" ? [e.data.date] : []
          ),
        );
        assert.ok(dates.every((d) => !skipped.has(d)));
      },
    ),
    { numRuns: 100 },
  );
});

Deno.test("a template's custom category must be the group's; once removed, occurrences pause", () => {
  const { driver, members } = groupWithMembers(1);
  const K = uuid(901);
  const withCategory = (category: string) => ({ ...template(members), category });
  const create = (id: string, category: string) =>
    driver.run({
      type: "recurrence.create",
      recurrenceId: id,
      rule: DAILY,
      start: "2026-03-08",
      template: withCategory(category),
      now: NOW,
    });
  assert.equal(refusal(() => create(R, K)).code, "category.unknown");
  driver.run({ type: "category.add", categoryId: K, name: "Flat", icon: "🏠", colour: "#336699" });
  assert.equal(create(R, K)[0].type, "RecurrenceCreated");
  driver.run({ type: "category.remove", categoryId: K });
  const events = occur(driver, "2026-03-08");
  assert.deepEqual(events.map((e) => e.type), ["RecurrencePaused"]);
  assert.equal(driver.state.recurrences.get(R)!.status, "paused");
});
