/**
 * Quiet hours (ADR 0057): from `start` to `end` (HH:MM, wrapping midnight
 * when `end` is earlier) in the user's time zone, pushes are dropped, not
 * held: the activity feed keeps what happened, and a burst of stale pushes
 * at the end of the night helps nobody.
 *
 * @module
 */
import type { QuietHours } from "./store.ts";

/** The wall-clock minute of the day at `at` in `timeZone`. */
function minuteOfDay(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part("hour") * 60 + part("minute");
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the quiet hours (start inclusive, end exclusive). */
export function inQuietHours(quiet: QuietHours | null, at: Date): boolean {
  if (!quiet) return false;
  const now = minuteOfDay(at, quiet.timeZone);
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}
