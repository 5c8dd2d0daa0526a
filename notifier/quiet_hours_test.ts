import { equal } from "node:assert/strict";
import { inQuietHours } from "./quiet_hours.ts";

Deno.test("inQuietHours: in the user's zone, wrapping midnight, start inclusive and end exclusive", () => {
  const night = { start: "22:00", end: "07:00", timeZone: "Europe/Berlin" };
  // 21:30 UTC in December is 22:30 in Berlin.
  equal(inQuietHours(night, new Date("2026-12-06T21:30:00Z")), true);
  equal(inQuietHours(night, new Date("2026-12-06T20:59:00Z")), false);
  equal(inQuietHours(night, new Date("2026-12-06T21:00:00Z")), true);
  equal(inQuietHours(night, new Date("2026-12-07T05:59:00Z")), true);
  equal(inQuietHours(night, new Date("2026-12-07T06:00:00Z")), false);
  const lunch = { start: "12:00", end: "13:00", timeZone: "UTC" };
  equal(inQuietHours(lunch, new Date("2026-12-06T12:30:00Z")), true);
  equal(inQuietHours(lunch, new Date("2026-12-06T13:00:00Z")), false);
  equal(inQuietHours(null, new Date()), false);
});
