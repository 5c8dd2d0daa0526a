/**
 * How a valid write is garbled: unknown keys, header text, path segments,
 * credentials, and the mutations that combine them.
 *
 * @module
 */
import fc from "fast-check";
import { BOT_KEY, type Fixture } from "./fixture.ts";
import { garbageValue, KNOWN_FIELDS, type Value } from "./garbage.ts";
import { GUEST_WRITES } from "@kopek/testing";
import { tamper } from "./request.ts";
import type { Route } from "./route.ts";

const extraKey = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "toString",
    "prototype",
    "hasOwnProperty",
    "isAdmin",
    "userId",
    "position",
    "version",
    "revision",
    "createdAt",
    "$where",
    "",
    " id",
    "ID",
    "\u0000",
    "\uD800",
    "名前",
    "k".repeat(1000),
  ),
  fc.string({ maxLength: 12 }),
).filter((k) => !KNOWN_FIELDS.has(k));

export const headerText = fc.oneof(
  fc.constantFrom(
    "",
    "*",
    '"1"',
    "W/",
    'W/"abc"',
    '"-1"',
    '"1.5"',
    '"1", "2"',
    '"99999999999999999999"',
    "' OR 1=1 --",
    "null",
    "x".repeat(4000),
    "\u00ff\u00e9\u0080",
  ),
  // Printable ASCII: fetch refuses control characters in a header value.
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  fc.array(fc.integer({ min: 0x20, max: 0xff }), { maxLength: 30 })
    .map((cs) => String.fromCharCode(...cs.filter((c) => c !== 0x7f))),
);

export const pathSegment = fc.oneof(
  fc.constantFrom(
    "",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "%ZZ",
    "%00",
    "%C0%80",
    "%ED%A0%80",
    "%FF",
    "%F0%9F%98%80",
    "%27%3B%20DROP%20TABLE%20events%3B--",
    "x".repeat(10_000),
    "UNKNOWN_UUID",
    "UPPERCASE",
    "TRAILING_SPACE",
    "1",
    "-1",
    "null",
  ),
  fc.string({ unit: "grapheme", maxLength: 40 }).map(encodeURIComponent),
).filter((s) => s !== "." && s !== "..");

/**
 * An `Authorization` header: none, malformed, or one of the named credentials
 * (see {@linkcode resolveAuth}).
 */
export const authValue = fc.oneof(
  fc.constantFrom(
    null,
    "",
    "Bearer",
    "Bearer ",
    "Basic YW5hOnB3",
    "TAMPERED",
    "ZED",
    "VIA",
    "BOTKEY",
    "ANA",
    "GUEST",
  ),
  headerText,
  headerText.map((t) => `Bearer ${t}`),
);

/** What an auth mutation sends, whether the route is bound to refuse it, and with which status. */
interface AuthOutcome {
  readonly header: string | null;
  readonly bad: boolean;
  readonly expect?: readonly number[];
}

/**
 * Resolves the named credentials of {@linkcode authValue}: Ana's token with a
 * flipped signature ("TAMPERED"), Zed's ("ZED": signed in, but no member of
 * the group), the bot's token for Ana ("VIA": not for her own account's
 * routes), the bot's service key ("BOTKEY": no user token), Ana's ("ANA"),
 * a guest's ("GUEST": Chen's guest link, ADR 0059: its group's reads and
 * ledger writes, and the sync; 403 `guest_forbidden` on everything else).
 */
export function resolveAuth(f: Fixture, route: Route, value: string | null): AuthOutcome {
  const named: Record<string, string> = {
    TAMPERED: tamper(f.anaToken),
    ZED: f.zedToken,
    VIA: f.viaToken,
    BOTKEY: BOT_KEY,
    ANA: f.anaToken,
    GUEST: f.guestToken,
  };
  const header = value !== null && value in named ? `Bearer ${named[value]}` : value;
  const read = route.method === "GET";
  if (route.auth === "none") return { header, bad: false };
  if (route.auth === "bot") {
    return value === "BOTKEY" ? { header, bad: false } : { header, bad: true, expect: [401] };
  }
  if (value === "ZED") {
    // The group is not his to see: 404 (a write may fail validation first).
    return route.zedOk
      ? { header, bad: false }
      : { header, bad: true, expect: read ? [404] : [404, 422] };
  }
  if (value === "VIA") {
    return route.ownerOnly ? { header, bad: true, expect: [403] } : { header, bad: false };
  }
  if (value === "ANA") return { header, bad: false };
  if (value === "GUEST") {
    const inGroup = route.path.startsWith("/v1/groups/{0}");
    const allowed = route.name === "sync" ||
      (inGroup && (read || GUEST_WRITES.has(route.op)));
    return allowed ? { header, bad: false } : { header, bad: true, expect: [403] };
  }
  return { header, bad: true, expect: [401] };
}

export type Mutation =
  | { readonly k: "replace"; readonly at: number; readonly value: Value }
  | {
    readonly k: "replaceField";
    readonly field: string;
    readonly at: number;
    readonly value: Value;
  }
  | { readonly k: "delete"; readonly at: number }
  | { readonly k: "extra"; readonly at: number; readonly key: string; readonly value: Value }
  | { readonly k: "dupKey"; readonly value: Value }
  | { readonly k: "body"; readonly body: BodyGarbage }
  | { readonly k: "contentType"; readonly value: string | null }
  | { readonly k: "ifMatch"; readonly value: string }
  | { readonly k: "idempotencyKey"; readonly value: string }
  | { readonly k: "auth"; readonly value: string | null }
  | { readonly k: "path"; readonly at: number; readonly segment: string };

export type BodyGarbage =
  | { readonly kind: "empty" }
  | { readonly kind: "json"; readonly value: Value }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "trailing"; readonly text: string }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "bom" }
  | { readonly kind: "oversized" }
  | { readonly kind: "tooManyCommands" }
  /** The body as it is, but streamed (chunked, no Content-Length), once oversized. */
  | { readonly kind: "chunked"; readonly oversized: boolean };

const bodyGarbage: fc.Arbitrary<BodyGarbage> = fc.oneof(
  fc.constant({ kind: "empty" as const }),
  garbageValue.map((value) => ({ kind: "json" as const, value })),
  fc.nat().map((at) => ({ kind: "truncate" as const, at })),
  fc.constantFrom("x", "}", ",", "{}", " null", "\u0000").map((text) => ({
    kind: "trailing" as const,
    text,
  })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: "bytes" as const, bytes })),
  fc.constant({ kind: "bom" as const }),
  fc.constant({ kind: "oversized" as const }),
  fc.constant({ kind: "tooManyCommands" as const }),
  fc.boolean().map((oversized) => ({ kind: "chunked" as const, oversized })),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ k: fc.constant("replace" as const), at: fc.nat(), value: garbageValue }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant("replaceField" as const),
      field: fc.constantFrom(...KNOWN_FIELDS),
      at: fc.nat(),
      value: garbageValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("delete" as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant("extra" as const),
      at: fc.nat(),
      key: extraKey,
      value: garbageValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("dupKey" as const), value: garbageValue }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("body" as const), body: bodyGarbage }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("contentType" as const),
      value: fc.constantFrom(
        null,
        "",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/json-patch+json",
        "application/problem+json",
        "application/jsonx",
        "application/json; charset=utf-16",
        "application/json; charset=iso-8859-1",
        "APPLICATION/JSON",
        "application/json;charset=UTF-8",
        'application/json; charset="utf-8"',
        "*/*",
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("ifMatch" as const), value: headerText }) },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant("idempotencyKey" as const), value: headerText }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("auth" as const), value: authValue }) },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant("path" as const), at: fc.nat(), segment: pathSegment }),
  },
);
