/**
 * A generated request, and the helpers that tell what in it is bound to be refused.
 *
 * @module
 */
import { BOT_KEY, type Fixture } from "./fixture.ts";
import { Bytes, Raw, Ref } from "./garbage.ts";
import type { Route } from "./route.ts";

// ---------------------------------------------------------------------------
// Building a request from a route and its mutations

export interface Req {
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array;
  /** Sent as a stream: chunked, without Content-Length. */
  readonly chunked?: boolean;
  /** Bound to be refused (4xx). */
  readonly mustReject: boolean;
  /** Sync commands bound to be refused (a 4xx result) when the batch itself is accepted. */
  readonly doomed: readonly number[];
  /** The exact status when only one thing is wrong. */
  readonly expect?: readonly number[];
  readonly labels: readonly string[];
  /** A read (GET): it appends nothing, whatever it answers. */
  readonly read?: boolean;
  /** The refresh token of the pool that the valid body held (see {@linkcode settlePool}). */
  readonly poolToken?: string;
}

export function describe(r: Req): string {
  const text = r.body ? new TextDecoder().decode(r.body) : "";
  const preview = text.length > 600
    ? `${text.slice(0, 400)}…(${text.length} chars)…${text.slice(-100)}`
    : text;
  const headers = Object.fromEntries(
    Object.entries(r.headers).map(([k, v]) => [k, v.length > 200 ? `${v.slice(0, 200)}…` : v]),
  );
  const path = r.path.length > 300 ? `${r.path.slice(0, 300)}…` : r.path;
  return `${r.method} ${path} [${r.labels.join(", ")}] mustReject=${r.mustReject}` +
    ` headers=${JSON.stringify(headers)} body=${JSON.stringify(preview)}`;
}

type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object" | "raw";

export function jsonType(v: unknown): JsonType {
  if (v instanceof Raw || v instanceof Bytes) return "raw";
  if (v === null || (typeof v === "number" && !Number.isFinite(v))) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v as JsonType;
}

export function containsBytes(v: unknown): boolean {
  if (v instanceof Bytes) return true;
  if (v instanceof Raw || v === null || typeof v !== "object") return false;
  return Object.values(v).some(containsBytes);
}

export function hasLoneSurrogate(v: unknown): boolean {
  if (typeof v === "string") return !v.isWellFormed();
  if (v instanceof Raw || v instanceof Bytes || v === null || typeof v !== "object") return false;
  return Object.entries(v).some(([k, x]) => !k.isWellFormed() || hasLoneSurrogate(x));
}

/** True when a value can never be part of a valid request body. */
export function alwaysInvalid(v: unknown): boolean {
  if (v instanceof Raw || v instanceof Bytes) return true;
  if (typeof v === "string") return !v.isWellFormed();
  if (Array.isArray(v)) return v.some(alwaysInvalid);
  if (v !== null && typeof v === "object") {
    return Object.entries(v).some(([k, x]) => !k.isWellFormed() || alwaysInvalid(x));
  }
  return false;
}

interface Slot {
  readonly parent: Record<string, unknown> | unknown[];
  readonly key: string | number;
  readonly path: readonly (string | number)[];
}

/** The fuzz seed: KOPEK_FUZZ_SEED (a number, or "random"), else a fixed one. */
export function fuzzSeed(): number | undefined {
  const raw = Deno.env.get("KOPEK_FUZZ_SEED");
  if (raw === "random") return undefined;
  return raw ? Number(raw) : 20261122;
}

export function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Whether a value has the outer shape of a sync body: only a `commands` array. */
export function isBatchShape(doc: unknown): boolean {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return false;
  const keys = Object.keys(doc);
  return keys.length === 1 && keys[0] === "commands" &&
    Array.isArray((doc as { commands: unknown }).commands) &&
    (doc as { commands: unknown[] }).commands.length <= 500;
}

export function slots(doc: unknown): Slot[] {
  const out: Slot[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i, path: [...path, i] });
        walk(x, [...path, i]);
      });
    } else if (v !== null && typeof v === "object" && !(v instanceof Raw || v instanceof Bytes)) {
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k, path: [...path, k] });
        walk(x, [...path, k]);
      }
    }
  };
  walk(doc, []);
  return out;
}

/** The value at a path of a valid body, or a marker when the valid body has nothing there. */
export function at(doc: unknown, path: readonly (string | number)[]): unknown {
  let v = doc;
  for (const k of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, k)) return new Raw("absent");
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

export function objects(doc: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object" && !(v instanceof Raw || v instanceof Bytes)) {
      out.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(doc);
  return out;
}

/** A copy of a generated value, so that mutating a request never changes a shared constant. */
export function copy(v: unknown, f: Fixture): unknown {
  if (v instanceof Ref) {
    if (v.name === "new") return crypto.randomUUID();
    if (v.name === "upper") return f.A.toUpperCase();
    return f[v.name];
  }
  if (v instanceof Raw || v instanceof Bytes) return v;
  if (Array.isArray(v)) return v.map((x) => copy(x, f));
  if (v !== null && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(o, k, copy(x, f));
    return o;
  }
  return v;
}

export function setOwn(o: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** JSON with the Raw and Bytes values spliced in. */
export function render(doc: unknown): Uint8Array {
  const splices: (Raw | Bytes)[] = [];
  const tag = `__splice_${crypto.randomUUID()}_`;
  const text = JSON.stringify(doc, (_k, v) => {
    if (v instanceof Raw || v instanceof Bytes) {
      splices.push(v);
      return `${tag}${splices.length - 1}`;
    }
    return v;
  }) ?? "";
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const re = new RegExp(`"${tag}(\\d+)"`, "g");
  let last = 0;
  for (const m of text.matchAll(re)) {
    parts.push(enc.encode(text.slice(last, m.index)));
    const s = splices[Number(m[1])];
    parts.push(s instanceof Raw ? enc.encode(s.text) : s.bytes);
    last = m.index + m[0].length;
  }
  parts.push(enc.encode(text.slice(last)));
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const IF_MATCH = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/;
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;
/**
 * Null keys (and numbers for ifMatch) that a valid body may hold: null there is a value, not
 * garbage (the profile's default currency, a push subscription's label and expiration, the
 * notification settings' quiet hours among them).
 */
export const NULLABLE = new Set([
  "note",
  "groupId",
  "bic",
  "defaultCurrency",
  "label",
  "expirationTime",
  "quietHours",
]);

export function isUtf8JsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type, ...params] = contentType.split(";").map((s) => s.trim().toLowerCase());
  if (type !== "application/json") return false;
  return params.every((p) => !p.startsWith("charset=") || /^charset="?utf-8"?$/.test(p));
}

export function isEmptyObject(bytes: Uint8Array): boolean {
  try {
    const v = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
  } catch {
    return false;
  }
}

export function tamper(token: string): string {
  const last = token.at(-2) === "A" ? "B" : "A";
  return token.slice(0, -2) + last + token.at(-1);
}

/** The credentials a route is called with when no mutation changes them. */
export function defaultAuth(f: Fixture, route: Route): string | null {
  if (route.auth === "user") return `Bearer ${route.token ? route.token(f) : f.anaToken}`;
  if (route.auth === "bot") return `Bearer ${BOT_KEY}`;
  return null;
}
