/**
 * Dates said as a distance from today, in English, Spanish, German, French and Portuguese:
 * "three days ago", "hace tres días", "vor drei Tagen", "il y a trois jours", "há três dias",
 * "3 dias atrás", "a week ago", "last week" (seven days back), "la semana pasada", "letzte Woche",
 * "la semaine dernière", "semana passada", "avant-hier", "antes de ontem". The count is digits
 * or words (see `readNumberWords`). Pure.
 *
 * @module
 */
import { readNumberWords } from "./numbers.ts";
import type { Token } from "./text.ts";

/** Words for a day and a week (keys), singular and plural. */
const DAYS: ReadonlySet<string> = new Set([
  "day",
  "days",
  "dia",
  "dias",
  "tag",
  "tage",
  "tagen",
  "jour",
  "jours",
]);
const WEEKS: ReadonlySet<string> = new Set([
  "week",
  "weeks",
  "semana",
  "semanas",
  "woche",
  "wochen",
  "semaine",
  "semaines",
]);
/** Words before a count meaning "ago": "hace", "vor", "há"/"faz" ("il y a" is read apart). */
const AGO_BEFORE: ReadonlySet<string> = new Set(["hace", "vor", "ha", "faz", "fazem", "hai"]);
/** Words after a count meaning "ago": "ago", "atrás". */
const AGO_AFTER: ReadonlySet<string> = new Set(["ago", "atras", "back"]);
/** "last week": before the week word, or after it ("semana pasada", "semaine dernière"). */
const LAST_BEFORE: ReadonlySet<string> = new Set([
  "last",
  "past",
  "letzte",
  "letzten",
  "vergangene",
  "vergangenen",
  "ultima",
  "derniere",
]);
const LAST_AFTER: ReadonlySet<string> = new Set([
  "pasada",
  "passada",
  "derniere",
  "passee",
  "anterior",
]);
/** The other words of these phrases. */
const SOLO: ReadonlySet<string> = new Set(["avant", "antes", "before", "il", "y"]);

/** Two-word "day before yesterday": "avant hier", "antes de ontem". */
const BEFORE_YESTERDAY: readonly (readonly string[])[] = [
  ["avant", "hier"],
  ["antes", "de", "ontem"],
  ["antes", "de", "ayer"],
  ["day", "before", "yesterday"],
];

/** The relative-date words (for typo correction). */
export function relativeDateWords(): string[] {
  return [...DAYS, ...WEEKS, ...AGO_BEFORE, ...AGO_AFTER, ...LAST_BEFORE, ...LAST_AFTER, ...SOLO];
}

/** Keys that belong to relative dates (for the vocabulary). */
export function isRelativeDateWord(key: string): boolean {
  return DAYS.has(key) || WEEKS.has(key) || AGO_BEFORE.has(key) || AGO_AFTER.has(key) ||
    LAST_BEFORE.has(key) || LAST_AFTER.has(key) || SOLO.has(key);
}

/** A relative date found: days back from today and the tokens that say it. */
export interface Relative {
  readonly days: number;
  readonly indices: readonly number[];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** A count (digits or words) and a day or week word from `i`: days, and the last index. */
function span(tokens: readonly Token[], i: number): { days: number; end: number } | undefined {
  const digits = /^[0-9]{1,3}$/.exec(tokens[i]?.key ?? "");
  const count = digits ? { value: Number(digits[0]), end: i } : readNumberWords(tokens, i);
  if (count === undefined) return undefined;
  const unit = tokens[count.end + 1]?.key ?? "";
  if (DAYS.has(unit)) return { days: count.value, end: count.end + 1 };
  if (WEEKS.has(unit)) return { days: 7 * count.value, end: count.end + 1 };
  return undefined;
}

/**
 * The relative date that starts at token `i`, if one does: its distance back in days and its
 * tokens. Only a counted span with its "ago" word is a date ("3 days" alone is not).
 */
export function relativeAt(tokens: readonly Token[], i: number): Relative | undefined {
  const key = tokens[i].key;
  for (const words of BEFORE_YESTERDAY) {
    if (words.every((w, k) => tokens[i + k]?.key === w)) {
      return { days: 2, indices: range(i, i + words.length - 1) };
    }
  }
  if (key === "il" && tokens[i + 1]?.key === "y" && tokens[i + 2]?.key === "a") {
    const s = span(tokens, i + 3);
    if (s !== undefined) return { days: s.days, indices: range(i, s.end) };
  }
  if (AGO_BEFORE.has(key)) {
    const s = span(tokens, i + 1);
    if (s !== undefined) return { days: s.days, indices: range(i, s.end) };
  }
  const s = span(tokens, i);
  if (s !== undefined && AGO_AFTER.has(tokens[s.end + 1]?.key ?? "")) {
    return { days: s.days, indices: range(i, s.end + 1) };
  }
  if (LAST_BEFORE.has(key) && WEEKS.has(tokens[i + 1]?.key ?? "")) {
    return { days: 7, indices: [i, i + 1] };
  }
  if (WEEKS.has(key) && LAST_AFTER.has(tokens[i + 1]?.key ?? "")) {
    return { days: 7, indices: [i, i + 1] };
  }
  return undefined;
}
