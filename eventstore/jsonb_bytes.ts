/**
 * The verifier's fastest path (ADR 0071): an event's canonical JSON written
 * as UTF-8 bytes straight from PostgreSQL's jsonb text, into one reused
 * buffer, and hashed from there: no objects, no strings built, nothing for
 * the garbage collector. It takes only what it is sure of: jsonb's own
 * shape (`{"k": v, ...}`, ", " and ": " between tokens, no other space),
 * no backslash, no control character, no surrogate, keys of ASCII only,
 * numbers already in ECMAScript's shortest form. For anything else it
 * answers null and the caller takes the text path (`jsonb_text.ts`), whose
 * text (and so bytes) it gives exactly (a property test compares them).
 * The text comes as a string (ADR 0071) or, from a COPY, as its UTF-8 bytes
 * (ADR 0076): the same scanner reads both.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { isShortestNumber } from "./jsonb_text.ts";
import type { HashedBytesFields, HashedTextFields } from "./hash.ts";

/** What sends a text to the string path: a backslash, a control character, a surrogate. */
// deno-lint-ignore no-control-regex -- the control characters are what the test looks for
const SPECIAL = /[\\\u0000-\u001f\ud800-\udfff]/;

const MAX_DEPTH = 64;
const encoder = new TextEncoder();

/** A growing byte buffer, reused from one event to the next. */
let out = new Uint8Array(1 << 16);
let at = 0;
/** The source text's bytes and where the scanner is in them. */
let src = new Uint8Array(1 << 16);
let pos = 0;
let end = 0;
/** Scratch for reordering an object's members. */
let scratch = new Uint8Array(1 << 16);
/** A stack of members: key range in `src`, member range in `out`. */
const keyStart: number[] = [];
const keyEnd: number[] = [];
const memberStart: number[] = [];
const memberEnd: number[] = [];
const order: number[] = [];
let top = 0;

class Decline extends Error {}
const DECLINE = new Decline();

function reserve(n: number): void {
  if (at + n <= out.length) return;
  const bigger = new Uint8Array(Math.max(out.length * 2, at + n));
  bigger.set(out.subarray(0, at));
  out = bigger;
}

/** Appends a string of printable ASCII; false for any other character. */
function writeAscii(s: string): boolean {
  reserve(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) return false;
    out[at++] = c;
  }
  return true;
}

/** Appends a string as JSON where it needs no escape and is ASCII (false otherwise). */
function writeQuoted(s: string): boolean {
  reserve(s.length + 2);
  out[at++] = 0x22;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return false;
    out[at++] = c;
  }
  out[at++] = 0x22;
  return true;
}

/** Appends a non-negative safe integer in decimal (false for anything else). */
function writeInteger(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 0) return false;
  reserve(16);
  if (n < 10) {
    out[at++] = 0x30 + n;
    return true;
  }
  return writeAscii("" + n);
}

/** Appends the canonical JSON of a JSON text; false (output undefined) when not sure. */
function writeText(text: string): boolean {
  if (SPECIAL.test(text)) return false;
  if (src.length <= text.length * 3) src = new Uint8Array(text.length * 3 + 1);
  end = encoder.encodeInto(text, src).written;
  return scan();
}

/**
 * {@linkcode writeText} of a JSON text given as its UTF-8 bytes. Declines what
 * the text's test declines: a backslash, a control character, and a character
 * outside the BMP (four bytes in UTF-8; a surrogate pair in the string).
 */
function writeBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x20 || b === 0x5c || b >= 0xf0) return false;
  }
  if (src.length <= bytes.length) src = new Uint8Array(bytes.length * 2 + 1);
  src.set(bytes);
  end = bytes.length;
  return scan();
}

/** Scans `src` up to `end` as one JSON value, writing its canonical form. */
function scan(): boolean {
  src[end] = 0; // a stop no token takes: nothing reads on past the text
  pos = 0;
  reserve(end);
  top = 0;
  try {
    value(0);
  } catch (e) {
    if (e === DECLINE) return false;
    throw e;
  }
  return pos === end;
}

function copy(from: number, to: number): void {
  for (let i = from; i < to; i++) out[at++] = src[i];
}

function value(depth: number): void {
  const c = src[pos];
  if (c === 0x22) {
    const close = src.indexOf(0x22, pos + 1);
    if (close === -1 || close >= end) throw DECLINE;
    copy(pos, close + 1);
    pos = close + 1;
  } else if (c === 0x7b) object(depth + 1);
  else if (c === 0x5b) array(depth + 1);
  else if (c === 0x6e) word(0x6e, 0x75, 0x6c, 0x6c);
  else if (c === 0x74) word(0x74, 0x72, 0x75, 0x65);
  else if (c === 0x66) {
    if (src[pos + 4] !== 0x65) throw DECLINE;
    word(0x66, 0x61, 0x6c, 0x73);
    out[at++] = src[pos++];
  } else number();
}

function word(a: number, b: number, c: number, d: number): void {
  if (src[pos] !== a || src[pos + 1] !== b || src[pos + 2] !== c || src[pos + 3] !== d) {
    throw DECLINE;
  }
  out[at++] = a;
  out[at++] = b;
  out[at++] = c;
  out[at++] = d;
  pos += 4;
}

function number(): void {
  const start = pos;
  let c = src[pos];
  while (
    (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x2b || (c | 0x20) === 0x65
  ) {
    c = src[++pos];
  }
  if (pos === start) throw DECLINE;
  let token = "";
  for (let i = start; i < pos; i++) token += String.fromCharCode(src[i]);
  if (!isShortestNumber(token)) throw DECLINE;
  copy(start, pos);
}

/** After an item: ", " (true, another follows) or the closing bracket (false). */
function separator(close: number): boolean {
  const c = src[pos++];
  if (c === close) return false;
  if (c !== 0x2c || src[pos++] !== 0x20) throw DECLINE;
  return true;
}

function array(depth: number): void {
  if (depth >= MAX_DEPTH) throw DECLINE;
  out[at++] = 0x5b;
  pos++;
  if (src[pos] === 0x5d) {
    pos++;
    out[at++] = 0x5d;
    return;
  }
  do {
    value(depth);
    reserve(1);
    out[at++] = 0x2c;
  } while (separator(0x5d));
  out[at - 1] = 0x5d;
}

function object(depth: number): void {
  if (depth >= MAX_DEPTH) throw DECLINE;
  out[at++] = 0x7b;
  pos++;
  if (src[pos] === 0x7d) {
    pos++;
    out[at++] = 0x7d;
    return;
  }
  const base = top;
  let sorted = true;
  do {
    const k = pos;
    if (src[k] !== 0x22) throw DECLINE;
    const close = src.indexOf(0x22, k + 1);
    if (close === -1 || close >= end) throw DECLINE;
    for (let i = k + 1; i < close; i++) if (src[i] >= 0x80) throw DECLINE;
    pos = close + 1;
    if (src[pos] !== 0x3a || src[pos + 1] !== 0x20) throw DECLINE;
    pos += 2;
    if (top > base && compareKeys(keyStart[top - 1], keyEnd[top - 1], k, pos - 2) >= 0) {
      sorted = false;
    }
    const i = top++;
    keyStart[i] = k;
    keyEnd[i] = pos - 2;
    memberStart[i] = at;
    copy(k, pos - 2);
    out[at++] = 0x3a;
    value(depth);
    memberEnd[i] = at;
    reserve(1);
    out[at++] = 0x2c;
  } while (separator(0x7d));
  out[at - 1] = 0x7d;
  if (!sorted) reorder(base);
  top = base;
}

/** Rewrites the members from `base` up in the order of their keys (an insertion sort). */
function reorder(base: number): void {
  const n = top - base;
  for (let i = 0; i < n; i++) {
    let j = i - 1;
    while (j >= 0) {
      const a = base + order[j];
      const c = compareKeys(keyStart[a], keyEnd[a], keyStart[base + i], keyEnd[base + i]);
      if (c === 0) throw DECLINE; // a key twice: the reference keeps the last
      if (c < 0) break;
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = i;
  }
  const from = memberStart[base];
  const to = memberEnd[top - 1];
  if (scratch.length < to - from) scratch = new Uint8Array(2 * (to - from));
  for (let i = from; i < to; i++) scratch[i - from] = out[i];
  let w = from;
  for (let i = 0; i < n; i++) {
    const m = base + order[i];
    if (i > 0) out[w++] = 0x2c;
    const stop = memberEnd[m] - from;
    for (let j = memberStart[m] - from; j < stop; j++) out[w++] = scratch[j];
  }
}

/** Compares two quoted keys of `src` (ASCII) by the bytes between their quotes. */
function compareKeys(a: number, aEnd: number, b: number, bEnd: number): number {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let i = 1; i < n - 1; i++) {
    const d = src[a + i] - src[b + i];
    if (d !== 0) return d;
  }
  return (aEnd - a) - (bEnd - b);
}

/** The fields of an event the hash covers besides its data and metadata. */
type HashedHead = Omit<HashedTextFields, "dataText" | "metadataText">;

/**
 * `sha256_hex(prevHash ‖ canonicalEventJson(e))` with the data and metadata
 * written by the given writers, or null when one of them is not sure.
 */
function hashWith(
  prevHash: string | null,
  e: HashedHead,
  data: () => boolean,
  metadata: () => boolean,
): string | null {
  at = 0;
  const sure = writeAscii(prevHash ?? "") && writeAscii('{"data":') && data() &&
    writeAscii(',"id":') && writeQuoted(e.id) && writeAscii(',"metadata":') && metadata() &&
    writeAscii(',"schemaVersion":') && writeInteger(e.schemaVersion) &&
    writeAscii(',"stream":') && writeQuoted(e.stream) && writeAscii(',"type":') &&
    writeQuoted(e.type) && writeAscii(',"version":') && writeInteger(e.version) &&
    writeAscii("}");
  if (!sure) return null;
  return createHash("sha256").update(out.subarray(0, at)).digest("hex");
}

/**
 * `sha256_hex(prevHash ‖ canonicalEventJson(e))` for an event whose data and
 * metadata are jsonb text, or null when the text is not one this path is sure
 * of (the caller then hashes the string path's text).
 */
export function eventHashOfJsonbBytes(prevHash: string | null, e: HashedTextFields): string | null {
  return hashWith(prevHash, e, () => writeText(e.dataText), () => writeText(e.metadataText));
}

/**
 * {@linkcode eventHashOfJsonbBytes} of an event whose data and metadata are
 * jsonb text as UTF-8 bytes (as a COPY reads them, ADR 0076): no string of
 * them is built. Null when this path is not sure; the caller then decodes
 * them and takes the text's paths.
 */
export function eventHashOfJsonbUtf8(prevHash: string | null, e: HashedBytesFields): string | null {
  return hashWith(prevHash, e, () => writeBytes(e.dataBytes), () => writeBytes(e.metadataBytes));
}
