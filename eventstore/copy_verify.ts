/**
 * Verifying a stream from its COPY text rows (ADR 0073): the store hands over
 * a page of `COPY … TO STDOUT` bytes (`readStreamCopy`), the rows are split in
 * place (`CopyTextRows`), and each event's hash is computed from the page's
 * bytes (`eventHashOfCopyRow`) without a string per column or an object per
 * row. Only the stream (when it changes), the stored hash and the previous
 * hash (when it is not the last hash read) become strings, for the chain's
 * links. A row the byte path is not sure of (an escape in a hashed field, a
 * page that is not valid UTF-8, any text `jsonb_bytes.ts` declines) is hashed
 * from its fields decoded as the driver decodes them (`eventHashOfText`), so
 * the verdict is the text path's for every row.
 *
 * @module
 */
import { isUtf8 } from "node:buffer";
import type { ChainVerifier, LazyChainedEvent } from "./chain_verifier.ts";
import { CopyFormatError, CopyTextRows } from "./copy_text_rows.ts";
import { eventHashOfText } from "./hash.ts";
import { eventHashOfCopyRow } from "./jsonb_bytes.ts";
import { PAGE_SIZE } from "./paging.ts";
import { COPY_ROW_COLUMNS, type EventStore, type ReadStreamOptions } from "./port.ts";

const POSITION = COPY_ROW_COLUMNS.indexOf("position");
const STREAM = COPY_ROW_COLUMNS.indexOf("stream");
const VERSION = COPY_ROW_COLUMNS.indexOf("version");
const ID = COPY_ROW_COLUMNS.indexOf("id");
const TYPE = COPY_ROW_COLUMNS.indexOf("type");
const SCHEMA_VERSION = COPY_ROW_COLUMNS.indexOf("schema_version");
const DATA = COPY_ROW_COLUMNS.indexOf("data");
const METADATA = COPY_ROW_COLUMNS.indexOf("metadata");
const HASH = COPY_ROW_COLUMNS.indexOf("hash");
const PREV_HASH = COPY_ROW_COLUMNS.indexOf("prev_hash");

/** The reader of a store's COPY pages. */
export type ReadCopyPage = (stream: string, options: ReadStreamOptions) => Promise<Uint8Array>;

/** The current row of a page, as the verifier sees it: its links, and its hash on demand. */
class CopyRowEvent implements LazyChainedEvent {
  position = 0;
  stream = "";
  version = 0;
  hash = "";
  prevHash: string | null = null;
  /** False when the page is not valid UTF-8: every row is then decoded as the driver would. */
  bytesPath = true;

  constructor(readonly rows: CopyTextRows) {}

  /** Reads the current row's links. */
  load(): void {
    const rows = this.rows;
    this.position = integerField(rows, POSITION);
    if (!sameAscii(rows, STREAM, this.stream)) this.stream = rows.text(STREAM) as string;
    this.version = integerField(rows, VERSION);
    // Each row's previous hash is, in a sound chain, the hash read just before.
    if (rows.isNull(PREV_HASH)) this.prevHash = null;
    else if (!sameAscii(rows, PREV_HASH, this.hash)) this.prevHash = rows.text(PREV_HASH);
    else this.prevHash = this.hash;
    this.hash = rows.text(HASH) as string;
  }

  contentHash(): string {
    const rows = this.rows;
    return (this.bytesPath ? eventHashOfCopyRow(this.prevHash, rows) : null) ??
      eventHashOfText(this.prevHash, {
        id: rows.text(ID) as string,
        stream: this.stream,
        version: this.version,
        type: rows.text(TYPE) as string,
        schemaVersion: Number(rows.text(SCHEMA_VERSION)),
        dataText: rows.text(DATA) as string,
        metadataText: rows.text(METADATA) as string,
      });
  }
}

/** True when field `i` holds exactly the code units of `s`, all ASCII (so: the same string). */
function sameAscii(rows: CopyTextRows, i: number, s: string): boolean {
  const start = rows.starts[i];
  const n = rows.ends[i] - start;
  if (n !== s.length || rows.escaped(i)) return false;
  const bytes = rows.bytes;
  for (let k = 0; k < n; k++) {
    const c = bytes[start + k];
    if (c >= 0x80 || c !== s.charCodeAt(k)) return false;
  }
  return true;
}

/** An integer field as the driver parses it (`Number` of its text). */
function integerField(rows: CopyTextRows, i: number): number {
  const bytes = rows.bytes;
  const start = rows.starts[i];
  const end = rows.ends[i];
  if (end - start >= 1 && end - start <= 15 && !rows.escaped(i)) {
    let n = 0;
    for (let k = start; k < end; k++) {
      const d = bytes[k] - 0x30;
      if (d < 0 || d > 9) return Number(rows.text(i));
      n = n * 10 + d;
    }
    return n;
  }
  return Number(rows.text(i));
}

/** The version of a page's last row (the next page starts after it). */
function lastVersion(page: Uint8Array): number {
  const rows = new CopyTextRows(COPY_ROW_COLUMNS.length);
  rows.reset(page.subarray(page.lastIndexOf(0x0a, page.length - 2) + 1));
  if (!rows.next()) throw new CopyFormatError("an empty COPY page");
  return integerField(rows, VERSION);
}

/** Rows hashed between two turns of the event loop (see {@linkcode verifyCopyPage}). */
const SLICE = 250;

/** Lets the event loop run: the driver takes in the next page's bytes meanwhile. */
function turn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Pushes every row of a page into the verifier; answers how many there were.
 * Every {@linkcode SLICE} rows it lets the event loop run, so that the next
 * page's bytes are read off the socket while this one is hashed (else the
 * socket's buffers fill and PostgreSQL waits for the whole page's hashing).
 */
export async function verifyCopyPage(
  verifier: ChainVerifier,
  row: CopyRowEvent,
  page: Uint8Array,
): Promise<number> {
  row.rows.reset(page);
  row.bytesPath = isUtf8(page);
  let n = 0;
  while (row.rows.next()) {
    row.load();
    verifier.push(row);
    if (++n % SLICE === 0) await turn();
  }
  return n;
}

/**
 * Verifies one stream from a store's COPY pages into `verifier`: the next
 * page is asked for as soon as one arrives (after its last version), so that
 * the database writes it while this one is hashed; a page shorter than the
 * page size ends the stream, and the read already under way is dropped.
 */
export async function verifyCopyStream(
  verifier: ChainVerifier,
  read: ReadCopyPage,
  stream: string,
  options: { untilPosition?: number; pageSize?: number } = {},
): Promise<void> {
  const limit = options.pageSize ?? PAGE_SIZE;
  const readPage = (afterVersion: number) => {
    const page = read(stream, { afterVersion, limit, untilPosition: options.untilPosition });
    // Handled now (it may fail while the page before is hashed, or not be wanted); awaited below.
    page.catch(() => {});
    return page;
  };
  const row = new CopyRowEvent(new CopyTextRows(COPY_ROW_COLUMNS.length));
  let next = readPage(0);
  while (true) {
    const page = await next;
    if (page.length === 0) return;
    next = readPage(lastVersion(page));
    if (await verifyCopyPage(verifier, row, page) < limit) return;
  }
}

/** The store's COPY reader, when it has one. */
export function copyReaderOf(store: EventStore): ReadCopyPage | null {
  return store.readStreamCopy?.bind(store) ?? null;
}
