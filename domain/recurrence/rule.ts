/**
 * The arithmetic of a recurrence rule (an RFC 5545 `RRULE` subset) over
 * calendar dates, by `rrule-temporal` (ADR 0051). Occurrences are calendar
 * dates (`YYYY-MM-DD`): the rule is expanded in a zone-free calendar (UTC,
 * which has no daylight saving), and the group's time zone only says when a
 * date is due ({@linkcode dueInstant}: the start of that day there).
 *
 * Monthly rules fall on the start's day of the month, the last day of a
 * shorter month when it has no such day (RFC 7529 `SKIP=BACKWARD`: the 31st
 * is the 30th in April, the 28th or 29th in February), or on every month's
 * last day; yearly rules on the start's month and day (29 February is the
 * 28th in other years).
 *
 * @module
 */
import { RRuleTemporal } from "rrule-temporal";
import { z } from "zod";
import { CalendarDate, InputDate } from "../shared/schemas.ts";

/** How often: a rule's `freq`. */
export const Frequency = z.enum(["daily", "weekly", "monthly", "yearly"], {
  error: "freq must be one of daily, weekly, monthly, yearly",
});

/** The most occurrences a rule may have (`count`). */
export const MAX_RULE_COUNT = 1000;
/** The largest `interval`. */
export const MAX_RULE_INTERVAL = 100;

/** A rule as a request gives it; `until` and `count` end it (at most one of them). */
export const RuleInput = z.strictObject({
  freq: Frequency,
  interval: z.number().int().min(1).max(MAX_RULE_INTERVAL).default(1),
  /** Monthly only: every month's last day instead of the start's day. */
  lastDayOfMonth: z.boolean().default(false),
  until: InputDate.nullable().default(null),
  count: z.number().int().min(1).max(MAX_RULE_COUNT).nullable().default(null),
}).refine((r) => r.until === null || r.count === null, {
  error: "give until or count, not both",
}).refine((r) => !r.lastDayOfMonth || r.freq === "monthly", {
  error: "lastDayOfMonth is for monthly rules",
});

/** A rule as events hold it. */
export const RuleData = z.strictObject({
  freq: Frequency,
  interval: z.number().int().positive(),
  lastDayOfMonth: z.boolean(),
  until: CalendarDate.nullable(),
  count: z.number().int().positive().nullable(),
});
/** A rule as events hold it. */
export type RuleData = z.infer<typeof RuleData>;

const FREQ = { daily: "DAILY", weekly: "WEEKLY", monthly: "MONTHLY", yearly: "YEARLY" } as const;

function zoned(date: string): Temporal.ZonedDateTime {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: "UTC" });
}

function ruleOf(rule: RuleData, start: string): RRuleTemporal {
  return new RRuleTemporal({
    freq: FREQ[rule.freq],
    interval: rule.interval,
    dtstart: zoned(start),
    tzid: "UTC",
    ...(rule.count !== null ? { count: rule.count } : {}),
    ...(rule.until !== null ? { until: zoned(rule.until) } : {}),
    ...(rule.lastDayOfMonth ? { byMonthDay: [-1] } : { rscale: "GREGORIAN", skip: "BACKWARD" }),
    cache: false,
  });
}

function dateOf(z: Temporal.ZonedDateTime): string {
  return z.toPlainDate().toString();
}

/**
 * The rule's occurrences from `from` to `to` (both included, calendar
 * dates), in order, at most `limit` of them.
 */
export function occurrencesBetween(
  rule: RuleData,
  start: string,
  from: string,
  to: string,
  limit: number,
): string[] {
  if (to < from || limit <= 0) return [];
  const found = ruleOf(rule, start).between(zoned(from), zoned(to), true);
  return found.slice(0, limit).map(dateOf);
}

/** The first `limit` occurrences on or after `from`, in order. */
export function occurrencesFrom(
  rule: RuleData,
  start: string,
  from: string,
  limit: number,
): string[] {
  const r = ruleOf(rule, start);
  const out: string[] = [];
  let after = zoned(from);
  let inclusive = true;
  while (out.length < limit) {
    const next = r.next(after, inclusive);
    if (!next) break;
    out.push(dateOf(next));
    after = next;
    inclusive = false;
  }
  return out;
}

/** Whether `date` is an occurrence of the rule. */
export function isOccurrence(rule: RuleData, start: string, date: string): boolean {
  return occurrencesBetween(rule, start, date, date, 1).length === 1;
}

/** When a date is due: the start of that day in the time zone (epoch milliseconds). */
export function dueInstant(date: string, timeZone: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds;
}

/** The calendar date an instant falls on in the time zone. */
export function localDate(epochMs: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone)
    .toPlainDate().toString();
}

/** A date `days` days after (or before, negative) another. */
export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/** Whether a name is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  if (name.length > 64) return false;
  try {
    Temporal.Now.instant().toZonedDateTimeISO(name);
    return !/^[+-]/.test(name);
  } catch {
    return false;
  }
}

/** An IANA time zone name (`Europe/Berlin`, `UTC`). */
export const TimeZone = z.string().max(64).refine(isTimeZone, {
  error: "must be an IANA time zone name such as Europe/Berlin",
});
