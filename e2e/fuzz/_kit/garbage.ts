/**
 * Garbage values: the known field names, near-valid and invalid JSON values,
 * nasty strings, invalid UTF-8, huge numbers, deep nesting.
 *
 * @module
 */
import fc from "fast-check";

/** Every field name of every request body schema: an "unknown field" must not be one of them. */
export const KNOWN_FIELDS = new Set([
  "id",
  "name",
  "currency",
  "email",
  "role",
  "description",
  "total",
  "amount",
  "date",
  "category",
  "paidBy",
  "memberId",
  "split",
  "mode",
  "shares",
  "percent",
  "weight",
  "note",
  "fx",
  "rate",
  "convertedAmount",
  "from",
  "to",
  "password",
  "displayName",
  "commands",
  "type",
  "groupId",
  "body",
  "ifMatch",
  "expenseId",
  "settlementId",
  "inviteId",
  "expiresInHours",
  "refreshToken",
  "currentPassword",
  "newPassword",
  "code",
  "telegramUserId",
  "kind",
  "message",
  "stack",
  "path",
  "release",
  "agent",
]);

// ---------------------------------------------------------------------------
// Garbage

/** JSON text spliced in verbatim (huge numbers, deep nesting). */
export class Raw {
  constructor(readonly text: string) {}
}
/** Bytes spliced in verbatim (invalid UTF-8 inside a string). */
export class Bytes {
  constructor(readonly bytes: Uint8Array) {}
}
export type Value = unknown;

const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xfe],
  [0x80],
  [0xc0, 0x80], // overlong NUL
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf], // overlong "/"
  [0xed, 0xa0, 0x80], // an encoded surrogate (CESU-8)
  [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82], // truncated €
  [0xc3],
];

const invalidUtf8 = fc.tuple(
  fc.constantFrom(...INVALID_UTF8),
  fc.string({ maxLength: 5 }),
).map(([bad, text]) => {
  const enc = new TextEncoder();
  return new Bytes(new Uint8Array([...enc.encode(`"${text}`), ...bad, ...enc.encode(`x"`)]));
});

const deepJson = fc.tuple(
  fc.constantFrom(100, 1_000, 10_000, 100_000),
  fc.constantFrom("array", "object", "mixed"),
).map(([depth, shape]) => {
  if (shape === "array") return new Raw("[".repeat(depth) + "]".repeat(depth));
  if (shape === "object") return new Raw('{"a":'.repeat(depth) + "1" + "}".repeat(depth));
  return new Raw('[{"a":'.repeat(depth / 2) + "null" + "}]".repeat(depth / 2));
});

const hugeNumber = fc.constantFrom(
  "1e400",
  "-1e400",
  "1E+999",
  "123456789012345678901234567890",
  "-123456789012345678901234567890",
  "0.0000000000000000000000000000001",
  "9".repeat(400),
  "-" + "9".repeat(400) + ".5",
).map((t) => new Raw(t));

export const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0007bell",
  "\u202Eevil\u202C",
  "\u200F\u200E\u061C",
  "\uFEFFbom",
  "\uFFFF\uFFFE",
  "\u{10FFFF}",
  "👨‍👩‍👧‍👦",
  "🇪🇺💶",
  "e\u0301\u0301\u0301",
  "Z̴̡̛̤͈a̸͖l̵g̷o̴",
  "\u2028\u2029",
  "line\r\nbreak",
  "tab\there",
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  "\\",
  "\\u0000",
  "\\ud800",
  "$1",
  "E'\\x00'",
  "%s%s%n",
  "<script>alert(1)</script>",
  "{{7*7}}",
  "${7*7}",
  "../../../etc/passwd",
  "NaN",
  "Infinity",
  "null",
  "true",
  "-1",
  "0",
  "0.00",
  "-30.00",
  "1e3",
  "0x10",
  "12.345",
  "１２.３４",
  "999999999999999",
  "9999999999999.99",
  "10000000000000.00",
  "0000000000000000000000000000000000030.00",
  "100",
  "150",
  "-50",
  "0.0000000001",
  "99999999999999999999",
  "2026-02-30",
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "2026-13-01",
  "2026-1-1",
  "XXX",
  "eur",
  "BTC",
  "equal",
  "owner",
  "admin",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF",
  "a@b",
  "ana@example.com\u0000",
];

/** Strings that are not well-formed UTF-16: no valid request contains one. */
export const LONE_SURROGATES = ["\uD800", "\uDFFF", "x\uD83D", "\uDE00x", "a\uDC00\uD800b"];

/** UTF-16 code units, lone surrogates and controls included. */
export const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 24 })
  .map((units) => String.fromCharCode(...units));

const hugeString = fc.tuple(
  fc.constantFrom(201, 2_001, 65_536, 1_000_000),
  fc.constantFrom("x", "é", "😀", "\u202E", " "),
).map(([n, c]) => c.repeat(n));

const garbageString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 2, arbitrary: anyUnits },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
);

export const SOME_UUID = "0192f7a4-6b1c-7d2e-8f30-4a5b6c7d8e9f";

/** An id of the fixture (or a fresh UUID), resolved when the request is built. */
export class Ref {
  constructor(readonly name: "g" | "A" | "B" | "C" | "D" | "E" | "S" | "new" | "upper") {}
}

/**
 * Values of the right JSON type that a schema may well accept: limits, odd
 * currencies, dates at the edges of the calendar, ids of other entities. They
 * get past validation and exercise the domain, the event store and the read
 * models.
 */
const nearValid: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom<Value>(
    // dates
    "0000-01-01",
    "0001-01-01",
    "1000-01-01",
    "1900-02-29",
    "2000-02-29",
    "2026-02-29",
    "9999-12-31",
    "2026-11-20T00:00:00Z",
    // amounts
    "0",
    "0.00",
    "-0.00",
    "-0.01",
    "-30.00",
    "0.01",
    "0.001",
    "30.",
    ".30",
    "+30",
    "3e1",
    "30,00",
    "００３０",
    "999999999999999",
    "9999999999999.99",
    "10000000000000.00",
    "999999999999.999",
    "00000000000000000000000000000030.00",
    // percents and rates
    "100",
    "100.00",
    "100.0000000001",
    "99.99999999999999999",
    "1e2",
    "0.0000000001",
    "1000000000000",
    "123456789.123456789",
    // currencies
    "JPY",
    "BHD",
    "CLF",
    "UYW",
    "XXX",
    "XTS",
    "XAU",
    "XDR",
    "USN",
    "EU",
    "EURO",
    // enums
    "owner",
    "admin",
    "auditor",
    "viewer",
    "member",
    "equal",
    "exact",
    "percent",
    "shares",
    "groceries",
    "rent",
    // text at and past the limits
    "x".repeat(120),
    "x".repeat(121),
    "x".repeat(200),
    "x".repeat(201),
    "x".repeat(2000),
    "x".repeat(2001),
    "😀".repeat(100),
    "😀".repeat(101),
    "  padded  ",
    "   ",
    "ana@example.com",
    "ANA@EXAMPLE.COM",
    "a@b.co",
    `${"a".repeat(64)}@${"b".repeat(185)}.com`,
    // numbers
    0,
    1,
    1_000_000,
    1_000_001,
    -1,
    0.5,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    // codes and refresh tokens, well-formed and nearly so
    "AAAAAAAAAAAAAAAA",
    "aaaa-aaaa-aaaa-aaaa",
    "ILO0ILO0ILO0ILO0",
    " 0123456789ABCDEF ",
    `${SOME_UUID}.${"A".repeat(43)}`,
    `${SOME_UUID.toUpperCase()}.${"A".repeat(43)}`,
    `${SOME_UUID}.${"A".repeat(44)}`,
  ),
  fc.constantFrom("g", "A", "B", "C", "D", "E", "S", "new", "new", "upper").map((n) =>
    new Ref(n as Ref["name"])
  ),
);

export const garbageValue: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: nearValid },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Value>(
      null,
      true,
      false,
      0,
      -1,
      -0,
      1.5,
      30,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      [],
      {},
      [null],
      ["30.00"],
      { amount: 30, currency: "EUR" },
      { amount: "30.00" },
    ),
  },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(Number)) },
  { weight: 5, arbitrary: garbageString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: hugeNumber },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: invalidUtf8 },
);
