/**
 * The chain verifier's read (ADR 0076): a stream's events as pages of
 * `COPY … TO STDOUT` in text format, cut into rows and fields as bytes, with
 * `data` and `metadata` handed on as views of the bytes received. No row
 * object of the driver and no string of the JSON is built; the few short
 * fields (id, type, hashes) are decoded, the integers read from their digits.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import type { StoredBytesEvent } from "../port.ts";
import { isNonNegativeInteger } from "../append_validation.ts";
import { textLiteral } from "./_literal.ts";

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const FIELDS = 9;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Versions per COPY statement: each stays far inside the pool's `statement_timeout`. */
export const COPY_PAGE = 2_000;

/**
 * The `COPY` of a range of a stream's versions, in version order (COPY takes
 * no parameters: the stream is a literal, the bounds checked integers). A
 * range bounded on both sides costs at most a page's rows whatever plan the
 * server picks: with no statistics yet (a table just filled), a `LIMIT` page
 * was planned as a sort of every later row of the stream, for every page.
 */
export function copyStatement(
  stream: string,
  page: { afterVersion: number; throughVersion: number; untilPosition?: number },
): string {
  const { afterVersion, throughVersion, untilPosition } = page;
  if (
    !isNonNegativeInteger(afterVersion) || !isNonNegativeInteger(throughVersion) ||
    (untilPosition !== undefined && !isNonNegativeInteger(untilPosition))
  ) {
    throw new TypeError("A COPY page's bounds must be non-negative integers");
  }
  const until = untilPosition === undefined ? "" : ` AND position <= ${untilPosition}`;
  return `COPY (SELECT position, id, version, type, schema_version, data::text, metadata::text,
      hash, prev_hash FROM events WHERE stream = ${textLiteral(stream)}
      AND version > ${afterVersion} AND version <= ${throughVersion}${until}
      ORDER BY version) TO STDOUT`;
}

/**
 * The port's `readStreamBytes`: pages of {@linkcode StoredBytesEvent}s as the
 * data of one COPY after another arrives, a COPY per {@linkcode COPY_PAGE}
 * versions up to the stream's last version when the read began (so that no
 * statement runs long however long the stream, and a gap in the versions
 * ends nothing early).
 */
export async function* readStreamBytes(
  sql: Sql,
  stream: string,
  options: { untilPosition?: number; pageSize?: number } = {},
): AsyncGenerator<StoredBytesEvent[]> {
  const size = options.pageSize ?? COPY_PAGE;
  const [{ last }] = await sql<{ last: number }[]>`
    SELECT coalesce(max(version), 0)::integer AS last FROM events WHERE stream = ${stream}::text`;
  for (let after = 0; after < last; after += size) {
    const through = Math.min(after + size, last);
    const statement = copyStatement(stream, {
      afterVersion: after,
      throughVersion: through,
      untilPosition: options.untilPosition,
    });
    yield* copyPage(sql, statement, stream);
  }
}

/**
 * One COPY's rows, in pages as its data arrives, then an empty page once the
 * statement is over. Stopping early reads the rest and drops it, so that the
 * connection goes back to its pool clean.
 */
async function* copyPage(
  sql: Sql,
  statement: string,
  stream: string,
): AsyncGenerator<StoredBytesEvent[]> {
  const readable = await sql.unsafe(statement).readable();
  const chunks = (readable as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let done = false;
  try {
    let rest: Uint8Array | null = null;
    while (true) {
      const next = await chunks.next();
      if (next.done) break;
      const buf: Uint8Array = rest === null ? next.value : concat(rest, next.value);
      const page: StoredBytesEvent[] = [];
      let start = 0;
      for (let nl = buf.indexOf(NEWLINE); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
        page.push(parseRow(buf, start, nl, stream));
        start = nl + 1;
      }
      rest = start < buf.length ? buf.slice(start) : null;
      if (page.length > 0) yield page;
    }
    done = true;
    if (rest !== null) throw new Error("The COPY ended inside a row");
    // The statement is over: a reader that waits on its consumer waits here, with none open.
    yield [];
  } finally {
    if (!done) {
      while (!(await chunks.next()).done) {
        /* drained: the connection stays usable */
      }
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}

/** One row, `buf[from, to)`: nine tab-separated fields. Exported for tests. */
export function parseRow(buf: Uint8Array, from: number, to: number, stream: string) {
  const ends: number[] = [];
  let at = from;
  for (let i = 0; i < FIELDS - 1; i++) {
    const tab = buf.indexOf(TAB, at);
    if (tab === -1 || tab >= to) throw new Error("A COPY row has too few fields");
    ends.push(tab);
    at = tab + 1;
  }
  ends.push(to);
  const field = (i: number) => unescape(buf.subarray(i === 0 ? from : ends[i - 1] + 1, ends[i]));
  const prev = field(8);
  return {
    position: integer(field(0)),
    id: utf8.decode(field(1)),
    stream,
    version: integer(field(2)),
    type: utf8.decode(field(3)),
    schemaVersion: integer(field(4)),
    dataBytes: field(5),
    metadataBytes: field(6),
    hash: utf8.decode(field(7)),
    prevHash: prev === NULL ? null : utf8.decode(prev),
  };
}

/** What `\N` (SQL NULL) unescapes to: a marker no field's bytes are. */
const NULL = new Uint8Array(0);

/**
 * A field's bytes with COPY's text escapes undone (`\\`, `\t`, `\n`, `\r`,
 * `\b`, `\f`, `\v`, octal and `\x` hex; `\N` alone is NULL). A field without
 * a backslash is its own view: the common case costs one search.
 */
export function unescape(f: Uint8Array): Uint8Array {
  if (f.indexOf(BACKSLASH) === -1) return f;
  if (f.length === 2 && f[1] === 0x4e) return NULL;
  const out = new Uint8Array(f.length);
  let n = 0;
  for (let i = 0; i < f.length; i++) {
    const b = f[i];
    if (b !== BACKSLASH || i + 1 === f.length) {
      out[n++] = b;
      continue;
    }
    const c = f[++i];
    if (c >= 0x30 && c <= 0x37) {
      let v = c - 0x30;
      for (let k = 0; k < 2 && f[i + 1] >= 0x30 && f[i + 1] <= 0x37; k++) v = v * 8 + f[++i] - 0x30;
      out[n++] = v & 0xff;
    } else if (c === 0x78 && hex(f[i + 1]) !== -1) {
      let v = hex(f[++i]);
      if (hex(f[i + 1]) !== -1) v = v * 16 + hex(f[++i]);
      out[n++] = v;
    } else out[n++] = ESCAPES[c] ?? c;
  }
  return out.subarray(0, n);
}

const ESCAPES: Record<number, number> = {
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
  0x76: 0x0b, // \v
};

function hex(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** A decimal integer field (the positions, versions and schema versions). */
function integer(f: Uint8Array): number {
  const negative = f[0] === 0x2d;
  if (f.length === 0 || f.length > 16 || (negative && f.length === 1)) {
    throw new Error("A COPY integer field is malformed");
  }
  let v = 0;
  for (let i = negative ? 1 : 0; i < f.length; i++) {
    const d = f[i] - 0x30;
    if (d < 0 || d > 9) throw new Error("A COPY integer field is malformed");
    v = v * 10 + d;
  }
  return negative ? -v : v;
}
