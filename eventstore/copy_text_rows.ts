/**
 * Reading PostgreSQL's `COPY … TO STDOUT` text format from its bytes (ADR 0073):
 * rows end with a newline, fields are separated by a tab, `\N` alone is null,
 * and a backslash starts an escape. A row is split into fields as offsets into
 * the bytes, without building anything; a field is turned into a string only
 * when asked ({@linkcode CopyTextRows.text}), and only then are its escapes
 * undone. Every escape COPY FROM reads is read here (`\b \f \n \r \t \v`, `\\`,
 * octal `\1`–`\377`, hex `\x1`–`\xff`, and a backslash before any other
 * character meaning that character), though COPY TO writes only the first
 * seven and `\N`.
 *
 * @module
 */

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

const decoder = new TextDecoder();

/** A COPY field or row that is not in COPY's text format. */
export class CopyFormatError extends Error {
  override name = "CopyFormatError";
}

/** The rows of a COPY text output, one at a time, each split into its fields. */
export class CopyTextRows {
  /** Where each field of the current row starts (an index in {@linkcode bytes}). */
  readonly starts: Int32Array;
  /** Where each field of the current row ends (the tab or newline after it). */
  readonly ends: Int32Array;
  /** The bytes being read. */
  bytes: Uint8Array = new Uint8Array(0);
  #length = 0;
  #at = 0;
  /** The next backslash at or after `#at` (or the length when none): found once, not per field. */
  #nextBackslash = 0;
  #escaped = 0;

  /** Rows of `columns` fields each (at most 31). */
  constructor(readonly columns: number) {
    if (!Number.isInteger(columns) || columns < 1 || columns > 31) {
      throw new RangeError("A COPY row has 1 to 31 columns here");
    }
    this.starts = new Int32Array(columns);
    this.ends = new Int32Array(columns);
  }

  /** Starts reading `bytes` (up to `length`): whole rows, each ending with a newline. */
  reset(bytes: Uint8Array, length = bytes.length): this {
    this.bytes = bytes;
    this.#length = length;
    this.#at = 0;
    this.#nextBackslash = -1;
    return this;
  }

  /** Moves to the next row; false when there is none. Throws on a row that is not whole. */
  next(): boolean {
    const bytes = this.bytes;
    const length = this.#length;
    let at = this.#at;
    if (at >= length) return false;
    const rowEnd = bytes.indexOf(NEWLINE, at);
    if (rowEnd === -1 || rowEnd >= length) throw new CopyFormatError("a COPY row without its end");
    if (this.#nextBackslash < at) {
      const b = bytes.indexOf(BACKSLASH, at);
      this.#nextBackslash = b === -1 || b >= length ? length : b;
    }
    this.#escaped = 0;
    const last = this.columns - 1;
    for (let i = 0; i < last; i++) {
      const tab = bytes.indexOf(TAB, at);
      if (tab === -1 || tab > rowEnd) throw new CopyFormatError("a COPY row with too few fields");
      this.#field(i, at, tab);
      at = tab + 1;
    }
    const tab = bytes.indexOf(TAB, at);
    if (tab !== -1 && tab < rowEnd) throw new CopyFormatError("a COPY row with too many fields");
    this.#field(last, at, rowEnd);
    this.#at = rowEnd + 1;
    return true;
  }

  #field(i: number, start: number, end: number): void {
    this.starts[i] = start;
    this.ends[i] = end;
    if (this.#nextBackslash < end) {
      this.#escaped |= 1 << i;
      const b = this.bytes.indexOf(BACKSLASH, end);
      this.#nextBackslash = b === -1 || b >= this.#length ? this.#length : b;
    }
  }

  /** True when field `i` of the current row holds a backslash (an escape, or `\N`). */
  escaped(i: number): boolean {
    return (this.#escaped & (1 << i)) !== 0;
  }

  /** The fields of the current row that hold a backslash, as bits (field `i` is `1 << i`). */
  escapedMask(): number {
    return this.#escaped;
  }

  /** True when field `i` is `\N` (null). */
  isNull(i: number): boolean {
    const s = this.starts[i];
    return this.ends[i] - s === 2 && this.bytes[s] === BACKSLASH && this.bytes[s + 1] === 0x4e;
  }

  /** Field `i` as a string, its escapes undone (UTF-8, as the driver decodes); null for `\N`. */
  text(i: number): string | null {
    if (this.isNull(i)) return null;
    const field = this.bytes.subarray(this.starts[i], this.ends[i]);
    return decoder.decode(this.escaped(i) ? unescapeCopyBytes(field) : field);
  }
}

/** The bytes a COPY text field stands for (not `\N`): every escape undone. */
export function unescapeCopyBytes(field: Uint8Array): Uint8Array {
  const out = new Uint8Array(field.length);
  let w = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    if (c !== BACKSLASH) {
      out[w++] = c;
      continue;
    }
    if (++i >= field.length) throw new CopyFormatError("a COPY field ends with a backslash");
    const e = field[i];
    if (e >= 0x30 && e <= 0x37) {
      // Octal: one to three digits.
      let v = e - 0x30;
      for (let k = 0; k < 2 && isOctal(field[i + 1]); k++) v = v * 8 + field[++i] - 0x30;
      out[w++] = v & 0xff;
    } else if (e === 0x78 && hexValue(field[i + 1]) >= 0) {
      // Hex: x and one or two digits.
      let v = hexValue(field[++i]);
      if (hexValue(field[i + 1]) >= 0) v = v * 16 + hexValue(field[++i]);
      out[w++] = v;
    } else {
      out[w++] = SIMPLE[e] ?? e;
    }
  }
  return out.subarray(0, w);
}

/** The one-letter escapes and the byte each stands for. */
const SIMPLE: Record<number, number> = {
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
  0x76: 0x0b, // \v
};

function isOctal(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x37;
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}
