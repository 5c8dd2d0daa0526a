/**
 * `JSON.stringify(JSON.parse(text))` for PostgreSQL's jsonb text, without the
 * objects: the export's fast path (ADR 0071). jsonb prints `{"k": v, ...}`
 * with ", " and ": " between tokens; `JSON.stringify` of the parsed value
 * writes the same tokens without the spaces, keys in the same order unless a
 * key is an integer (V8 puts those first). The scanner drops the two spaces
 * and copies the rest, and declines (to the reference) any text with a
 * backslash, a control character or a surrogate, a key of digits only, keys
 * not in jsonb's order (length, then code units: so never a key twice), a
 * number not in ECMAScript's shortest form, or any other shape.
 *
 * @module
 */
import { isShortestNumber } from "./jsonb_text.ts";

/** What sends a text to the reference: a backslash, a control character, a surrogate. */
// deno-lint-ignore no-control-regex -- the control characters are what the test looks for
const SPECIAL = /[\\\u0000-\u001f\ud800-\udfff]/;
const MAX_DEPTH = 64;

class Decline extends Error {}
const DECLINE = new Decline();

/** `JSON.stringify(JSON.parse(text))`, the same text (and the same errors). */
export function compactJsonOfText(text: string): string {
  if (!SPECIAL.test(text)) {
    try {
      const c = new Compactor(text);
      c.value(0);
      if (c.at === text.length) return c.out + text.slice(c.last);
    } catch (e) {
      if (e !== DECLINE) throw e;
    }
  }
  return JSON.stringify(JSON.parse(text));
}

class Compactor {
  at = 0;
  /** The output up to `last`; the text from `last` to `at` is still to be copied. */
  out = "";
  last = 0;
  constructor(readonly s: string) {}

  /** Steps over ", " or ": " at `at`, leaving its space out of the output. */
  separator(): void {
    if (this.s.charCodeAt(this.at + 1) !== 32) throw DECLINE;
    this.out += this.s.slice(this.last, this.at + 1);
    this.at += 2;
    this.last = this.at;
  }

  value(depth: number): void {
    const s = this.s;
    const c = s.charCodeAt(this.at);
    if (c === 34) this.string();
    else if (c === 123) this.object(depth + 1);
    else if (c === 91) this.array(depth + 1);
    else if (c === 110) this.word("null");
    else if (c === 116) this.word("true");
    else if (c === 102) this.word("false");
    else this.number();
  }

  string(): void {
    const end = this.s.indexOf('"', this.at + 1);
    if (end === -1) throw DECLINE;
    this.at = end + 1;
  }

  word(w: string): void {
    if (!this.s.startsWith(w, this.at)) throw DECLINE;
    this.at += w.length;
  }

  number(): void {
    const s = this.s;
    const start = this.at;
    let c = s.charCodeAt(this.at);
    while ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43 || c === 101 || c === 69) {
      c = s.charCodeAt(++this.at);
    }
    if (!isShortestNumber(s.slice(start, this.at))) throw DECLINE;
  }

  array(depth: number): void {
    if (depth >= MAX_DEPTH) throw DECLINE;
    this.at++;
    if (this.s.charCodeAt(this.at) === 93) {
      this.at++;
      return;
    }
    while (true) {
      this.value(depth);
      const c = this.s.charCodeAt(this.at);
      if (c === 93) {
        this.at++;
        return;
      }
      if (c !== 44) throw DECLINE;
      this.separator();
    }
  }

  object(depth: number): void {
    if (depth >= MAX_DEPTH) throw DECLINE;
    const s = this.s;
    this.at++;
    if (s.charCodeAt(this.at) === 125) {
      this.at++;
      return;
    }
    let previous = -1;
    let previousEnd = -1;
    while (true) {
      const start = this.at;
      if (s.charCodeAt(start) !== 34) throw DECLINE;
      this.string();
      if (isDigits(s, start + 1, this.at - 1)) throw DECLINE;
      if (previous >= 0 && !jsonbOrder(s, previous, previousEnd, start, this.at)) throw DECLINE;
      previous = start;
      previousEnd = this.at;
      if (s.charCodeAt(this.at) !== 58) throw DECLINE;
      this.separator();
      this.value(depth);
      const c = s.charCodeAt(this.at);
      if (c === 125) {
        this.at++;
        return;
      }
      if (c !== 44) throw DECLINE;
      this.separator();
    }
  }
}

/** True when `s[from, to)` is one or more digits (a key V8 may order first). */
function isDigits(s: string, from: number, to: number): boolean {
  if (from === to) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** True when the quoted key at `b` comes strictly after the one at `a` (length, then code units). */
function jsonbOrder(s: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return aEnd - a < bEnd - b;
  for (let i = 1; i < aEnd - a - 1; i++) {
    const d = s.charCodeAt(a + i) - s.charCodeAt(b + i);
    if (d !== 0) return d < 0;
  }
  return false;
}
