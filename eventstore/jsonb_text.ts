/**
 * RFC 8785 canonical JSON straight from PostgreSQL's jsonb text (`data::text`),
 * without building objects: the verifier's fast path (ADR 0071). jsonb writes
 * `{"k": v, ...}` with ", " and ": " between tokens, keys ordered by length
 * then bytes, strings escaped only where they hold a quote, a backslash or a
 * control character, and numbers as `numeric` prints them. A scanner re-sorts
 * the keys (UTF-16 code units, as {@linkcode canonicalJson} does) and drops
 * the spaces; anything it is not sure of (any backslash, a number that is not
 * already in ECMAScript's shortest form, a token it does not expect) answers
 * {@linkcode canonicalJson} of `JSON.parse(text)`, the path the driver's
 * parsed rows take. So the text is, for any JSON text, the very text the
 * parsed value gives (a property test compares them; an integration test
 * feeds it PostgreSQL's own output).
 *
 * @module
 */
import { canonicalJson } from "./canonical_json.ts";

/** Thrown inside the scanner to hand the text to `JSON.parse` and the writer. */
const BAIL: unique symbol = Symbol("jsonb-text-bail");

/**
 * A number token ECMAScript writes back unchanged: no exponent, no leading
 * zero, no trailing fractional zero, not `-0` (checked apart); the digit
 * counts are checked by {@linkcode isShortestNumber}.
 */
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/;

/**
 * True when `"" + Number(token)` is `token`. A decimal of at most 15
 * significant digits (DBL_DIG) is its own shortest round trip, and ECMAScript
 * writes it in positional form below 1e21 and down to 1e-6.
 */
export function isShortestNumber(token: string): boolean {
  if (!NUMBER.test(token)) return false;
  const digits = token.charCodeAt(0) === 45 ? token.slice(1) : token;
  const dot = digits.indexOf(".");
  if (dot === -1) return digits.length <= 15 && token !== "-0";
  const whole = digits.slice(0, dot);
  const fraction = digits.slice(dot + 1);
  if (whole !== "0") return whole.length + fraction.length <= 15;
  let zeros = 0;
  while (fraction.charCodeAt(zeros) === 48) zeros++;
  return zeros <= 5 && fraction.length - zeros <= 15;
}

/** The canonical JSON of a JSON text; throws as `JSON.parse` does on a text that is not JSON. */
export function canonicalJsonOfText(text: string): string {
  if (!SPECIAL.test(text)) {
    try {
      const scanner = new Scanner(text);
      const out = scanner.value(0);
      scanner.skipSpace();
      if (scanner.at === text.length) return out;
    } catch (e) {
      if (e !== BAIL) throw e;
    }
  }
  const out = canonicalJson(JSON.parse(text));
  if (out === undefined) throw new TypeError("Not representable as JSON");
  return out;
}

/**
 * What sends a text to the reference path: a backslash (an escape), a control
 * character (jsonb writes them escaped; raw, they are not JSON inside a string)
 * or a surrogate (a lone one is the reference's to judge).
 */
// deno-lint-ignore no-control-regex -- the control characters are what the test looks for
const SPECIAL = /[\\\u0000-\u001f\ud800-\udfff]/;

/** Deeper than this, the reference path decides (as the canonical writer does). */
const MAX_DEPTH = 64;

class Scanner {
  at = 0;
  constructor(readonly s: string) {}

  skipSpace(): void {
    const s = this.s;
    let c = s.charCodeAt(this.at);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.at);
  }

  value(depth: number): string {
    this.skipSpace();
    const s = this.s;
    const c = s.charCodeAt(this.at);
    if (c === 34) return this.string();
    if (c === 123) return this.object(depth + 1);
    if (c === 91) return this.array(depth + 1);
    if (c === 110) return this.word("null");
    if (c === 116) return this.word("true");
    if (c === 102) return this.word("false");
    return this.number();
  }

  /** A string (the text holds no backslash): its quotes and all, as it stands. */
  string(): string {
    const start = this.at;
    const end = this.s.indexOf('"', start + 1);
    if (end === -1) throw BAIL;
    this.at = end + 1;
    return this.s.slice(start, end + 1);
  }

  word(w: string): string {
    if (!this.s.startsWith(w, this.at)) throw BAIL;
    this.at += w.length;
    return w;
  }

  number(): string {
    const s = this.s;
    const start = this.at;
    let c = s.charCodeAt(this.at);
    while ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43 || c === 101 || c === 69) {
      c = s.charCodeAt(++this.at);
    }
    const token = s.slice(start, this.at);
    if (!isShortestNumber(token)) throw BAIL;
    return token;
  }

  array(depth: number): string {
    if (depth >= MAX_DEPTH) throw BAIL;
    this.at++;
    this.skipSpace();
    if (this.s.charCodeAt(this.at) === 93) {
      this.at++;
      return "[]";
    }
    let out = "[";
    while (true) {
      out += this.value(depth);
      this.skipSpace();
      const c = this.s.charCodeAt(this.at++);
      if (c === 93) return out + "]";
      if (c !== 44) throw BAIL;
      out += ",";
    }
  }

  object(depth: number): string {
    if (depth >= MAX_DEPTH) throw BAIL;
    const s = this.s;
    this.at++;
    this.skipSpace();
    if (s.charCodeAt(this.at) === 125) {
      this.at++;
      return "{}";
    }
    // Each key as its offsets in the text (its quotes included), the values as canonical text.
    const starts: number[] = [];
    const ends: number[] = [];
    const values: string[] = [];
    while (true) {
      this.skipSpace();
      const start = this.at;
      if (s.charCodeAt(start) !== 34) throw BAIL;
      const end = s.indexOf('"', start + 1) + 1;
      if (end === 0) throw BAIL;
      this.at = end;
      this.skipSpace();
      if (s.charCodeAt(this.at++) !== 58) throw BAIL;
      starts.push(start);
      ends.push(end);
      values.push(this.value(depth));
      this.skipSpace();
      const c = s.charCodeAt(this.at++);
      if (c === 125) break;
      if (c !== 44) throw BAIL;
    }
    return joinSorted(s, starts, ends, values);
  }
}

/**
 * The pairs in the order of their keys' UTF-16 code units (an insertion sort:
 * objects are small). A key twice (which jsonb never writes) goes to the
 * reference, which keeps the last value.
 */
function joinSorted(s: string, starts: number[], ends: number[], values: string[]): string {
  const n = starts.length;
  const order: number[] = [0];
  for (let i = 1; i < n; i++) {
    let j = i - 1;
    while (j >= 0) {
      const c = compareKeys(s, starts[order[j]], ends[order[j]], starts[i], ends[i]);
      if (c === 0) throw BAIL;
      if (c < 0) break;
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = i;
  }
  let out = "{";
  for (let i = 0; i < n; i++) {
    const k = order[i];
    if (i > 0) out += ",";
    out += s.slice(starts[k], ends[k]) + ":" + values[k];
  }
  return out + "}";
}

/** Compares two quoted keys of `s` by the code units between their quotes. */
function compareKeys(s: string, a: number, aEnd: number, b: number, bEnd: number): number {
  const aLength = aEnd - a;
  const bLength = bEnd - b;
  const n = Math.min(aLength, bLength) - 1;
  for (let i = 1; i < n; i++) {
    const d = s.charCodeAt(a + i) - s.charCodeAt(b + i);
    if (d !== 0) return d;
  }
  return aLength - bLength;
}
