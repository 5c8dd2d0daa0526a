/**
 * The SQL dump's `data` and `metadata` fields written straight from the UTF-8
 * bytes of PostgreSQL's jsonb text (a COPY's, ADR 0076), without parsing
 * (ADR 0077): the bytes of `escapeCopyField(JSON.stringify(JSON.parse(text)))`,
 * the very field `dumpRow` writes for the event the driver parses.
 *
 * jsonb writes `{"k": v, ...}` and `[a, b]` with ", " and ": " between
 * tokens and no other space, keys in its own order (by length, then bytes),
 * strings escaped exactly where `JSON.stringify` escapes them and in the same
 * form (`\"`, `\\`, `\b \f \n \r \t`, else `\u00xx` in lowercase below 0x20),
 * and numbers as `numeric` prints them. `JSON.parse` keeps the keys' order
 * and `JSON.stringify` writes them back in it, except keys that are array
 * indices, which V8 puts first. So the field is the text without those
 * spaces, each backslash doubled for COPY, as long as no key is made of
 * digits only and every number is already in ECMAScript's shortest form.
 * Anything else (such a key or number, another escape, an unexpected byte,
 * nesting deeper than {@linkcode MAX_DEPTH}) declines, and the caller writes
 * the field from the parsed text as `dumpRow` does.
 *
 * @module
 */
import { isShortestNumber } from "../jsonb_text.ts";

/** Deeper than this, the parsed path decides. */
const MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;

/** A growing byte buffer that rows are written into. */
export class ByteSink {
  bytes: Uint8Array;
  length = 0;

  constructor(size = 1 << 17) {
    this.bytes = new Uint8Array(size);
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  /** Appends bytes. */
  write(b: Uint8Array): void {
    this.reserve(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
}

/**
 * Appends the COPY field of `JSON.stringify(JSON.parse(text))` for the jsonb
 * text `src` (UTF-8) to `sink`; false when not sure, with `sink` as it was.
 */
export function writeStringifiedJsonb(src: Uint8Array, sink: ByteSink): boolean {
  const start = sink.length;
  // At most every byte a backslash, doubled.
  sink.reserve(src.length * 2);
  if (scan(src, sink)) return true;
  sink.length = start;
  return false;
}

function scan(src: Uint8Array, sink: ByteSink): boolean {
  const out = sink.bytes;
  let at = sink.length;
  let depth = 0;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === QUOTE) {
      const open = i;
      out[at++] = c;
      let digitsOnly = true;
      i++;
      while (true) {
        if (i >= n) return false;
        const b = src[i];
        if (b === QUOTE) break;
        if (b < SPACE) return false;
        if (b < 0x30 || b > 0x39) digitsOnly = false;
        if (b === BACKSLASH) {
          const length = escapeLength(src, i);
          if (length === 0) return false;
          // Each backslash doubled: the field's COPY escape.
          for (let k = 0; k < length; k++) {
            const e = src[i + k];
            if (e === BACKSLASH) out[at++] = BACKSLASH;
            out[at++] = e;
          }
          i += length;
          continue;
        }
        out[at++] = b;
        i++;
      }
      out[at++] = QUOTE;
      i++;
      if (src[i] === 0x3a) {
        // A key: one of digits only may be an array index, which V8 orders first.
        if (digitsOnly && i - open > 2) return false;
        if (src[i + 1] !== SPACE) return false;
        out[at++] = 0x3a;
        i += 2;
      }
    } else if (c === 0x2c) {
      if (src[i + 1] !== SPACE) return false;
      out[at++] = c;
      i += 2;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) return false;
      out[at++] = c;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth < 0) return false;
      out[at++] = c;
      i++;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const word = c === 0x74 ? TRUE : c === 0x66 ? FALSE : NULL;
      for (let k = 0; k < word.length; k++) {
        if (src[i + k] !== word[k]) return false;
        out[at++] = word[k];
      }
      i += word.length;
    } else {
      const from = i;
      let token = "";
      for (let b = src[i]; isNumberByte(b); b = src[++i]) token += String.fromCharCode(b);
      if (i === from || !isShortestNumber(token)) return false;
      for (let k = from; k < i; k++) out[at++] = src[k];
    }
  }
  if (depth !== 0) return false;
  sink.length = at;
  return true;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function isNumberByte(b: number | undefined): boolean {
  return b !== undefined &&
    ((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e || b === 0x2b || (b | 0x20) === 0x65);
}

/**
 * The length of the escape at `src[i]` (a backslash) when `JSON.stringify`
 * writes the character it stands for the same way, else 0: `\"`, `\\`, the
 * short forms `\b \f \n \r \t`, and `\u00xx` (lowercase) for another control
 * character.
 */
function escapeLength(src: Uint8Array, i: number): number {
  const e = src[i + 1];
  if (e === QUOTE || e === BACKSLASH) return 2;
  if (e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) return 2;
  if (e !== 0x75 || src[i + 2] !== 0x30 || src[i + 3] !== 0x30) return 0;
  const high = src[i + 4];
  const low = src[i + 5];
  if (high !== 0x30 && high !== 0x31) return 0;
  const digit = low >= 0x30 && low <= 0x39
    ? low - 0x30
    : low >= 0x61 && low <= 0x66
    ? low - 87
    : -1;
  if (digit < 0) return 0;
  const code = (high - 0x30) * 16 + digit;
  // These have short forms in JSON.stringify's output.
  if (code === 8 || code === 9 || code === 10 || code === 12 || code === 13) return 0;
  return 6;
}
