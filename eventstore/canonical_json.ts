/**
 * RFC 8785 (JCS) canonical JSON, fast for what the event store holds: plain
 * objects, arrays, strings, finite numbers, booleans and null, as
 * `JSON.parse` makes them. The `canonicalize` package stays the reference:
 * for anything else (a `toJSON` method, a boxed primitive, a class instance,
 * a non-finite number, a lone surrogate, a bigint, nesting deeper than
 * {@linkcode MAX_FAST_DEPTH}) the whole value is handed to it, so the text,
 * and what throws, are exactly the package's (a property test compares
 * them). ADR 0066 says why: the package's general machinery (a cycle set,
 * an explicit stack, a `toJSON` walk and a `JSON.stringify` per primitive)
 * was a third of the verifier's time.
 *
 * @module
 */
import canonicalize from "canonicalize";

/** Deeper than this, the package (iterative, with cycle detection) serializes the value. */
export const MAX_FAST_DEPTH = 64;

/** A string JSON writes as itself in quotes: no quote, backslash, control character or surrogate. */
// deno-lint-ignore no-control-regex -- the control characters are what the test looks for
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** Thrown inside the fast path to hand the whole value to the package. */
const BAIL: unique symbol = Symbol("canonical-json-bail");

/**
 * The RFC 8785 canonical JSON of `value`, byte for byte what the
 * `canonicalize` package writes (undefined where it answers undefined, and
 * the same errors where it throws).
 */
export function canonicalJson(value: unknown): string | undefined {
  try {
    return write(value, 0);
  } catch (e) {
    if (e !== BAIL) throw e;
    return canonicalize(value);
  }
}

function quote(s: string): string {
  if (PLAIN_STRING.test(s)) return '"' + s + '"';
  // The package refuses lone surrogates; JSON.stringify would escape them.
  if (!s.isWellFormed()) throw BAIL;
  return JSON.stringify(s);
}

/** A value with no JSON form: skipped in an object, null in an array. */
function isAbsent(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

function write(v: unknown, depth: number): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return quote(v);
    case "number":
      if (!Number.isFinite(v)) throw BAIL;
      return "" + v;
    case "boolean":
      return v ? "true" : "false";
    case "object":
      if (depth >= MAX_FAST_DEPTH) throw BAIL;
      if (typeof (v as { toJSON?: unknown }).toJSON === "function") throw BAIL;
      if (Array.isArray(v)) return writeArray(v, depth + 1);
      {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) throw BAIL;
      }
      return writeObject(v as Record<string, unknown>, depth + 1);
    default:
      // undefined at the top, a bigint, a function, a symbol: the package decides.
      throw BAIL;
  }
}

function writeArray(a: readonly unknown[], depth: number): string {
  let out = "[";
  for (let i = 0; i < a.length; i++) {
    if (i > 0) out += ",";
    const item = a[i];
    out += isAbsent(item) ? "null" : write(item, depth);
  }
  return out + "]";
}

function writeObject(o: Record<string, unknown>, depth: number): string {
  // Default sort: by UTF-16 code units, the order RFC 8785 prescribes (as the package does).
  const keys = Object.keys(o).sort();
  let out = "{";
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = o[key];
    if (isAbsent(item)) continue;
    const text = write(item, depth);
    if (first) first = false;
    else out += ",";
    out += quote(key) + ":" + text;
  }
  return out + "}";
}
