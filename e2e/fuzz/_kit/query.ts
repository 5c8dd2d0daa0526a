/**
 * Reads' query strings: bad and forged cursors, each parameter's good and bad values,
 * percent-encoding garbage, unknown parameter names.
 *
 * @module
 */
import fc from "fast-check";
import type { Fixture } from "./fixture.ts";
import { anyUnits, LONE_SURROGATES, NASTY_STRINGS, SOME_UUID } from "./garbage.ts";
import type { Route } from "./route.ts";

// ---------------------------------------------------------------------------
// Reads: query strings, positions, conditional and resuming headers

/** A query parameter: certainly refused (`bad: true`), certainly not (false), or unknown (null). */
export interface Param {
  readonly name: string;
  readonly value: string;
  readonly bad: boolean | null;
  /** The value goes into the URL as it is (percent-encoding garbage), not encoded. */
  readonly raw?: boolean;
}

/** base64url of JSON, as the service writes its cursors. */
export function cursorOf(v: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(v));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

/**
 * Cursors that no page of any list can have (`{ n, i }` for groups, `{ d, p }`
 * for entries, `{ v }` for the activity).
 */
const BAD_CURSORS = [
  "",
  "x".repeat(1001),
  "!!!!",
  "%%%",
  "e30",
  cursorOf({}),
  cursorOf(null),
  cursorOf([]),
  cursorOf("x"),
  cursorOf({ d: "2026-11-20", p: 1, n: "x", i: SOME_UUID }),
  // Year 0 and NUL passed the cursor schemas, and then PostgreSQL refused them: a 500.
  cursorOf({ d: "0000-01-01", p: 1 }),
  cursorOf({ n: "\u0000", i: SOME_UUID }),
  cursorOf({ n: "Fuzz\u0000trip", i: SOME_UUID }),
  cursorOf({ d: "2026-02-30", p: 1 }),
  cursorOf({ d: "2026-11-20", p: -1 }),
  cursorOf({ d: "2026-11-20", p: 1.5 }),
  cursorOf({ d: "2026-11-20", p: 2 ** 53 }),
  cursorOf({ d: "2026-11-20", p: 1e300 }),
  cursorOf({ d: "2026-11-20", p: "1" }),
  cursorOf({ n: "x", i: "not-a-uuid" }),
  cursorOf({ n: 5, i: SOME_UUID }),
  cursorOf({ v: 0 }),
  cursorOf({ v: -1 }),
  cursorOf({ v: 1.5 }),
  cursorOf({ v: 2 ** 31 + 1 }),
  cursorOf({ v: "1" }),
];

/** Well-formed cursors that the service never wrote: a page after a made-up key. */
const FORGED_CURSORS = [
  cursorOf({ d: "2026-11-20", p: 5 }),
  cursorOf({ d: "0001-01-01", p: 0 }),
  cursorOf({ d: "9999-12-31", p: Number.MAX_SAFE_INTEGER }),
  cursorOf({ n: "Fuzz trip", i: SOME_UUID }),
  cursorOf({ n: "'; DROP TABLE rm_groups; --", i: SOME_UUID }),
  cursorOf({ n: "\uD800", i: SOME_UUID }),
  cursorOf({ n: "😀".repeat(100), i: SOME_UUID }),
  cursorOf({ n: "", i: "00000000-0000-0000-0000-000000000000" }),
  cursorOf({ v: 1 }),
  cursorOf({ v: 2 }),
  cursorOf({ v: 2 ** 31 }),
];

/**
 * Values of a query parameter: `bad` ones are bound to be refused (422);
 * `good` ones are not (most parse; a forged cursor may fit another list only).
 */
export function paramValues(
  f: Fixture,
  route: Route,
  name: string,
): { good: string[]; bad: string[] } {
  const dates = ["2026-11-20", "0001-01-01", "9999-12-31", "2000-02-29"];
  const badDates = ["0000-01-01", "2026-13-01", "2026-02-30", "20261120", "2026-1-1", "", "today"];
  if (route.name === "GET monthly report" && (name === "from" || name === "to")) {
    return {
      good: ["2026-01", "2026-12", "0001-01", "9999-12", "2000-02"],
      bad: ["2026-13", "2026-00", "0000-01", "2026-1", "202601", "", "2026-01-01", "today"],
    };
  }
  switch (name) {
    case "limit":
      return {
        good: ["1", "2", "50", "500", "007"],
        bad: ["0", "501", "-1", "1.5", "1e2", "abc", "", " 1", "１", "1000000", "9".repeat(400)],
      };
    case "cursor": {
      const issued = route.name === "GET groups"
        ? f.groupsCursor
        : route.name === "GET activity"
        ? f.activityCursor
        : route.name === "GET invites"
        ? f.invitesCursor
        : f.entriesCursor;
      return { good: [issued, ...FORGED_CURSORS], bad: BAD_CURSORS };
    }
    case "from":
    case "to":
      return { good: dates, bad: [...badDates, "2026-11-20T00:00:00Z"] };
    case "category":
      return {
        good: ["food", "rent", "other", "groceries", f.K, SOME_UUID],
        bad: ["FOOD", "", "x", "food ", "Ski"],
      };
    case "memberId":
      return {
        good: [f.A, f.B, f.C, f.D, f.A.toUpperCase(), SOME_UUID],
        bad: ["not-a-uuid", "", `${f.A}x`, "00000000-0000-0000-0000-00000000000g"],
      };
    case "q":
      return {
        good: [
          "dinner",
          "Fuzz",
          "fuzz din",
          "Ünïcödé",
          "'; DROP TABLE rm_entries; --",
          "a:* | b:* & !c",
          "!!!",
          "%",
          "名前",
          "",
          "x".repeat(200),
        ],
        bad: ["x".repeat(201), "😀".repeat(201)],
      };
    case "kind":
      return { good: ["expense", "settlement", "all"], bad: ["EXPENSE", "", "both", "expenses"] };
    case "includeVoided":
    case "includeRemoved":
      return { good: ["true", "false"], bad: ["1", "TRUE", "", "yes"] };
    case "status":
      return {
        good: ["active", "used", "expired", "revoked", "dead"],
        bad: ["ACTIVE", "", "gone", "active ", "all"],
      };
    case "after":
      return {
        good: ["0", "1", "3", "999999999999999", "007"],
        bad: ["-1", "x", "", "1.5", "1e3", "9".repeat(16), " 1"],
      };
    case "asOf":
      return {
        good: [
          "2026-11-20T00:00:00Z",
          "2026-11-20T10:30:00+05:30",
          "0000-01-01T00:00:00+23:59",
          "0001-01-01T00:00:00Z",
          "9999-12-31T23:59:59-23:59",
          "2026-11-20T00:00:00.123456789Z",
          "1970-01-01T00:00:00-00:00",
        ],
        bad: [
          "2026-11-20",
          "yesterday",
          "2026-11-20T00:00:00",
          "",
          "2026-11-20 00:00:00Z",
          "2026-11-20T23:59:60Z",
          "2026-02-30T00:00:00Z",
          "1e3",
        ],
      };
    case "base":
      return {
        good: ["EUR", "USD", "JPY", "GBP", "XXX", "ZZZ"],
        bad: ["eur", "EURO", "", "E", "EU R"],
      };
    case "date":
      return {
        good: ["2022-07-08", "2022-07-10", "2026-11-20", "1999-01-04", "0001-01-01"],
        bad: badDates,
      };
    case "variant":
      return { good: ["original", "thumbnail"], bad: ["ORIGINAL", "", "thumb", "original "] };
    default:
      throw new Error(`no values for the query parameter ${name}`);
  }
}

/** Percent-encodes text the way a client would (a lone surrogate as U+FFFD). */
export function pct(text: string): string {
  return encodeURIComponent(text.toWellFormed());
}

/** Sent as they are: malformed percent-encoding, separators, characters that need encoding. */
export const RAW_QUERY = [
  "%",
  "%Z",
  "%ZZ",
  "%0",
  "%00",
  "%C0%80",
  "%ED%A0%80",
  "%FF%FE",
  "%F0%9F%98",
  "%E2%82",
  "%u0041",
  "%uD800",
  "%25",
  "%%",
  "+",
  "++",
  "%2B",
  "%26",
  "%3D",
  "a%3Db",
  "&",
  "&&",
  "=",
  "==",
  "?",
  "a=b=c",
  ";",
  "%23",
  "[]",
  "[0]=1",
  "'",
  '"',
  "<script>",
  "{}",
  "|",
  "\\",
  "^",
  "`",
];

export interface QValue {
  readonly text: string;
  readonly raw: boolean;
}

const queryGarbage: fc.Arbitrary<QValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 2, arbitrary: anyUnits },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  {
    // Long, but within what a URL may hold (64 KiB).
    weight: 1,
    arbitrary: fc.constantFrom(
      "x".repeat(1_001),
      "x".repeat(30_000),
      "é".repeat(5_000),
      "😀".repeat(2_000),
      "9".repeat(1_000),
    ),
  },
).map((text) => ({ text, raw: false }));

export const queryValue: fc.Arbitrary<QValue> = fc.oneof(
  { weight: 4, arbitrary: queryGarbage },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERY).map((text) => ({ text, raw: true })) },
);

export const unknownParamName = fc.oneof(
  fc.constantFrom(
    "foo",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "LIMIT",
    "Limit",
    "limit ",
    " limit",
    "limit[]",
    "q[]",
    "cursor[0]",
    "minposition",
    "MinPosition",
    "callback",
    "$where",
    "userId",
    "groupId",
    "asOf",
    "base",
    "date",
    "kind",
    "from",
    "limit",
    "名前",
    "\u0000",
    "k".repeat(1000),
    "%",
    "a b",
  ),
  fc.string({ maxLength: 12 }),
);
