/**
 * Instants as Kopek stores them: the strict profile of RFC 3339 that both
 * JavaScript and PostgreSQL read the same way. `Date.parse` accepts far
 * more (`"2026"`, `"2026-02-30T00:00:00Z"` rolled over, years past 9999),
 * some of which PostgreSQL refuses or reads otherwise; an instant that one
 * side of Kopek cannot read must never reach the event store.
 *
 * @module
 */

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  return [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][month - 1];
}

/**
 * The instant `text` names, in milliseconds since the epoch, or null unless
 * it is `YYYY-MM-DDTHH:MM:SS[.sss](Z|±HH:MM)` with a real calendar date, a
 * time of day without leap seconds, an offset within ±14:00, at most
 * milliseconds, and a UTC instant in the years 0001–9999 (what
 * `Date.prototype.toISOString` writes, and what PostgreSQL's `timestamptz`
 * reads to the same instant).
 *
 * @example
 * ```ts
 * parseInstant("2026-11-22T10:00:00.000Z"); // 1795341600000
 * parseInstant("2026"); // null: Date.parse accepts it, Kopek does not
 * ```
 */
export function parseInstant(text: string): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0"));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (m[8] !== undefined) {
    const [oh, om] = [Number(m[9]), Number(m[10])];
    if (oh > 14 || om > 59 || (oh === 14 && om > 0)) return null;
    offset = (m[8] === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  // Date.UTC maps years 0–99 to 1900–1999: set the year on its own.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  const instant = date.getTime() - offset;
  const utcYear = new Date(instant).getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999 ? instant : null;
}
