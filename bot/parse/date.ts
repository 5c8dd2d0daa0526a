import { dayPartAfter, dayPartAt, isDayPartWord } from "./day_parts.ts";
import { relativeAt } from "./relative_dates.ts";
import type { Token } from "./text.ts";
import type { Refusal } from "./types.ts";

const DAY_MS = 86_400_000;

/** Offsets from today of the relative-day words (keys). */
const RELATIVE: ReadonlyMap<string, number> = new Map([
  ["today", 0],
  ["hoy", 0],
  ["heute", 0],
  ["heut", 0],
  ["yesterday", -1],
  ["yday", -1],
  ["yest", -1],
  ["ayer", -1],
  ["gestern", -1],
  ["anteayer", -2],
  ["antier", -2],
  ["vorgestern", -2],
  // Swiss German: "geschter", "vorgeschter".
  ["geschter", -1],
  ["vorgeschter", -2],
  ["aujourd'hui", 0],
  ["aujourdhui", 0],
  ["hier", -1],
  ["avant-hier", -2],
  ["hoje", 0],
  ["ontem", -1],
  ["anteontem", -2],
]);

/**
 * Words for tomorrow (keys): a day to come names a plan, never money spent ("typhoon signal 8
 * tmr", "beach tomorrow? bout 10"; round 10). Spanish "mañana" and German "morgen" also mean the
 * morning: after an article or a day ("esta mañana", "heute morgen") they are that (see
 * {@linkcode MORNING_BEFORE}).
 */
const TOMORROW: ReadonlySet<string> = new Set([
  ...["tomorrow", "tmr", "tmrw", "tmw", "tomoz", "manana", "morgen", "demain", "amanha"],
]);

/** Words before "mañana" or "morgen" that make it the morning ("la mañana", "heute morgen"). */
const MORNING_BEFORE: ReadonlySet<string> = new Set([
  ...["la", "esta", "por", "de", "en", "a", "cada", "toda"],
  ...["heute", "gestern", "am", "den", "jeden", "guten", "diesen"],
]);

/** Whether an unclaimed word says tomorrow (see {@linkcode TOMORROW}): the message is a plan. */
export function namesTomorrow(tokens: readonly Token[], claimed: readonly boolean[]): boolean {
  return tokens.some((t, i) =>
    !claimed[i] && TOMORROW.has(t.key) && !MORNING_BEFORE.has(tokens[i - 1]?.key ?? "")
  );
}

/** Weekday names (keys), 0 = Sunday as in `Date.getUTCDay`. */
const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ...["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    .map((w, i) => [w, i] as const),
  ...["domingo", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado"]
    .map((w, i) => [w, i] as const),
  ...["sonntag", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag"]
    .map((w, i) => [w, i] as const),
  ["sonnabend", 6],
  // Swiss German: "am Mändig", "am Fritig".
  ...["sunntig", "mandig", "ziischtig", "mittwuch", "dunschtig", "fritig", "samschtig"]
    .map((w, i) => [w, i] as const),
  ...["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
    .map((w, i) => [w, i] as const),
  ...["domingo", "segunda", "terca", "quarta", "quinta", "sexta", "sabado"]
    .map((w, i) => [w, i] as const),
  ...["segunda", "terca", "quarta", "quinta", "sexta"]
    .map((w, i) => [`${w}-feira`, i + 1] as const),
  ...["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map((w, i) => [w, i] as const),
  ["tues", 2],
  ["thurs", 4],
]);

/** Words before a weekday meaning "strictly before today" ("last friday", "letzten Freitag"). */
const LAST: ReadonlySet<string> = new Set([
  "last",
  "past",
  "letzten",
  "letzter",
  "letzte",
  "vergangenen",
  "vergangener",
  "ultimo",
  "ultima",
]);

/** Words after a weekday meaning "strictly before today" ("el domingo pasado", "lundi dernier"). */
const LAST_AFTER: ReadonlySet<string> = new Set([
  "pasado",
  "pasada",
  "dernier",
  "passe",
  "passado",
  "passada",
  // Caribbean English "Tuesday gone" (round 10).
  "gone",
]);

/** Month names and abbreviations (keys), 1 = January. */
const MONTHS: ReadonlyMap<string, number> = new Map([
  ...[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
  ].map((m, i) => [m, i + 1] as const),
  ...["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    .map((m, i) => [m, i + 1] as const),
  ["sept", 9],
  ...[
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
  ].map((m, i) => [m, i + 1] as const),
  ["setiembre", 9],
  ...[
    "januar",
    "februar",
    "marz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
  ].map((m, i) => [m, i + 1] as const),
  ["janner", 1],
  ["maerz", 3],
  ...[
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
  ].map((m, i) => [m, i + 1] as const),
  ...[
    "janeiro",
    "fevereiro",
    "marco",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
  ].map((m, i) => [m, i + 1] as const),
]);

/** Month names that may come before the day ("March 3"): not the French or Portuguese ones. */
const MONTH_FIRST: ReadonlySet<string> = new Set(
  [...MONTHS.keys()].slice(0, [...MONTHS.keys()].indexOf("maerz") + 1),
);

const DAY = /^([0-9]{1,2})(?:st|nd|rd|th|º|°|ª)?$/;

/** The date words (for typo correction). */
export function dateWords(): string[] {
  return [...RELATIVE.keys(), ...WEEKDAYS.keys(), ...MONTHS.keys(), ...LAST, ...LAST_AFTER];
}

/** Whether a key names a month ("julio", "setembro", "März"). */
export function isMonthWord(key: string): boolean {
  return MONTHS.has(key);
}

/** Whether a key is a date word (for the vocabulary of non-names). */
export function isDateWord(key: string): boolean {
  return RELATIVE.has(key) || WEEKDAYS.has(key) || MONTHS.has(key) || LAST.has(key) ||
    LAST_AFTER.has(key) || isDayPartWord(key);
}

function toMs(y: number, m: number, d: number): number | undefined {
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    return undefined;
  }
  return ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A day and month without a year: the latest such date on or before today. */
function latest(todayMs: number, m: number, d: number, y?: number): number | undefined {
  if (y !== undefined) return toMs(y < 100 ? 2000 + y : y, m, d);
  const year = new Date(todayMs).getUTCFullYear();
  const thisYear = toMs(year, m, d);
  if (thisYear !== undefined && thisYear <= todayMs) return thisYear;
  return toMs(year - 1, m, d);
}

interface Found {
  readonly ms: number | undefined;
  readonly indices: readonly number[];
}

/**
 * Words naming a street, square or fair, which are often named after a date ("Avenida 9 de
 * Julio", "Rua 25 de Março", "feria 16 de julio", "rue 14 juillet"): a date right after one
 * is the place's name, no date (round 8).
 */
const PLACE: ReadonlySet<string> = new Set([
  ...["calle", "avenida", "av", "avda", "plaza", "feria", "rua", "praca", "largo", "rue"],
  ...["place", "avenue", "boulevard", "bd", "strasse", "platz", "street"],
  // Stadiums are named after dates too ("estádio 24 de setembro"; round 10).
  ...["estadio", "stade", "stadium"],
  // A feminine article stands for the street it leaves out ("en la 9 de octubre", "na 25 de
  // março"): Spanish and Portuguese dates take the masculine ("el 9", "no dia 25"; round 10).
  ...["la", "na"],
]);

/**
 * Portuguese weekdays that are Spanish feminine ordinals: after Spanish "la" they name an avenue
 * or a floor ("en la sexta", Guatemala City's 6a avenida), as Portuguese says "na sexta" (round 10).
 */
const ORDINAL_WEEKDAYS: ReadonlySet<string> = new Set(["segunda", "quarta", "quinta", "sexta"]);

/** Words for a thousand after a number ("febrero 28 mil": the 28 is the amount's). */
const THOUSANDS: ReadonlySet<string> = new Set(["mil", "mille", "tausend", "thousand", "grand"]);

function yearAt(tokens: readonly Token[], i: number): { year?: number; used: number[] } {
  let j = i;
  if (tokens[j]?.key === "de" && /^[0-9]{4}$/.test(tokens[j + 1]?.key ?? "")) j++;
  const key = tokens[j]?.key ?? "";
  return /^[0-9]{4}$/.test(key)
    ? { year: Number(key), used: j === i ? [j] : [i, j] }
    : { used: [] };
}

function dateAt(
  tokens: readonly Token[],
  i: number,
  todayMs: number,
  isMemberName: (key: string) => boolean,
): Found | undefined {
  const key = tokens[i].key;
  const isoMatch = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(key);
  if (isoMatch) {
    return { ms: toMs(+isoMatch[1], +isoMatch[2], +isoMatch[3]), indices: [i] };
  }
  const slash = /^([0-9]{1,2})\/([0-9]{1,2})(?:\/([0-9]{4}|[0-9]{2}))?$/.exec(key) ??
    /^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2})$/.exec(key);
  if (slash) {
    const year = slash[3] === undefined ? undefined : Number(slash[3]);
    return { ms: latest(todayMs, +slash[2], +slash[1], year), indices: [i] };
  }
  const counted = relativeAt(tokens, i);
  if (counted !== undefined) {
    return { ms: todayMs - counted.days * DAY_MS, indices: counted.indices };
  }
  const part = dayPartAt(tokens, i);
  if (part !== undefined) return { ms: todayMs + part.days * DAY_MS, indices: part.indices };
  const relative = RELATIVE.get(key);
  if (relative !== undefined) {
    const before = tokens.slice(Math.max(0, i - 2), i).map((t) => t.key).join(" ");
    if (relative === -1 && (before === "day before" || before === "antes de")) {
      return { ms: todayMs - 2 * DAY_MS, indices: [i - 2, i - 1, i] };
    }
    return { ms: todayMs + relative * DAY_MS, indices: [i] };
  }
  const weekday = ORDINAL_WEEKDAYS.has(key) && tokens[i - 1]?.key === "la"
    ? undefined
    : WEEKDAYS.get(key);
  if (weekday !== undefined) {
    const last = i > 0 && LAST.has(tokens[i - 1].key);
    const pasado = LAST_AFTER.has(tokens[i + 1]?.key ?? "");
    const today = new Date(todayMs).getUTCDay();
    // A weekday names a past day: today's own weekday is a week ago ("today" says today).
    const back = (today - weekday + 7) % 7 || 7;
    const indices = [...(last ? [i - 1] : []), i, ...(pasado ? [i + 1] : [])];
    return { ms: todayMs - back * DAY_MS, indices };
  }
  const day = DAY.exec(key);
  if (day && !PLACE.has(tokens[i - 1]?.key ?? "")) {
    const of = tokens[i + 1]?.key === "of" || tokens[i + 1]?.key === "de" ? 1 : 0;
    const month = MONTHS.get(tokens[i + 1 + of]?.key ?? "");
    if (month !== undefined) {
      const y = yearAt(tokens, i + 2 + of);
      const indices = [i, ...(of ? [i + 1] : []), i + 1 + of, ...y.used];
      return { ms: latest(todayMs, month, +day[1], y.year), indices };
    }
  }
  // "Jan 35 per Twint geschickt": a member's name is no month, nor is a day past 31.
  const month = MONTH_FIRST.has(key) && !isMemberName(key) ? MONTHS.get(key) : undefined;
  const after = DAY.exec(tokens[i + 1]?.key ?? "");
  // "9 de julio 30", "alquiler de julio 30": after "de" the month is a day's or a period's.
  const thousands = THOUSANDS.has(tokens[i + 2]?.key ?? "") || tokens[i - 1]?.key === "de";
  if (month !== undefined && after && +after[1] <= 31 && !thousands) {
    const y = yearAt(tokens, i + 2);
    return { ms: latest(todayMs, month, +after[1], y.year), indices: [i, i + 1, ...y.used] };
  }
  return undefined;
}

/**
 * Finds the message's date and claims its tokens; today when it names none.
 *
 * Understood: ISO dates ("2026-11-20"); day/month with optional year, day
 * first as in Spanish and German ("3/11" is 3 November; "3.11.2026");
 * "today", "yesterday", "day before yesterday" and their Spanish (hoy, ayer,
 * anteayer, antes de ayer) and German (heute, gestern, vorgestern) words;
 * weekdays in the three languages: a bare weekday ("on friday", "el viernes",
 * "am Freitag") is the latest such day on or before today, with "last",
 * "pasado", "letzten" strictly before today; a day and a month name ("on 3
 * March", "March 3rd", "3 de marzo", "3. März", optional year). A day and
 * month without a year is the latest such date on or before today. Two
 * different dates, or an impossible one ("31 February"), are refused. A month name first that is
 * a member's name (`isMemberName`: "Jan 35 geschickt") or a number past 31 after it is no date.
 */
export function extractDate(
  tokens: readonly Token[],
  claimed: boolean[],
  today: string,
  isMemberName: (key: string) => boolean = () => false,
): { date: string } | Refusal {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const found: Found[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i]) continue;
    const f = dateAt(tokens, i, todayMs, isMemberName);
    if (f === undefined) continue;
    found.push(f);
    for (const j of f.indices) claimed[j] = true;
    i = Math.max(i, ...f.indices);
    // "hier soir", "ontem à noite", "hoje de manhã": the part of the day goes with its date.
    const end = dayPartAfter(tokens, claimed, i);
    for (let j = i + 1; j <= end; j++) claimed[j] = true;
    i = end;
  }
  if (found.some((f) => f.ms === undefined)) return { reason: "invalid date" };
  const dates = new Set(found.map((f) => iso(f.ms!)));
  if (dates.size > 1) return { reason: "two dates" };
  return { date: dates.size === 1 ? [...dates][0] : today };
}
