/**
 * Writes an event history as a self-contained SQL script (see
 * `sql_dump_format.ts`), streaming: it holds one chunk of rows at a time,
 * so memory stays flat however long the history.
 *
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import type { StoredEvent } from "../port.ts";
import { escapeCopyField } from "./copy_text.ts";
import { dumpHead, END_OF_ROWS, trailer } from "./sql_dump_format.ts";

/** What the dump's header says. */
export interface DumpInfo {
  /** When the export ran (RFC 3339, UTC). */
  readonly exportedAt: string;
  /** What it holds, for the header comment (e.g. `group 0193… "Trip"`). */
  readonly title: string;
}

/** Flush a chunk once it holds this many characters. */
const CHUNK_CHARS = 64 * 1024;

/** The fields of an event a dump row holds. */
export type DumpedFields = Pick<
  StoredEvent,
  | "position"
  | "stream"
  | "version"
  | "id"
  | "type"
  | "schemaVersion"
  | "data"
  | "metadata"
  | "hash"
  | "prevHash"
>;

/**
 * One event as a COPY row (with its newline). `data` and `metadata` are
 * written as the store returned them (plain JSON): the reader recomputes
 * the canonical form the hashes cover.
 */
export function dumpRow(e: DumpedFields): string {
  return String(e.position) + "\t" + escapeCopyField(e.stream) + "\t" + String(e.version) +
    "\t" + escapeCopyField(e.id) + "\t" + escapeCopyField(e.type) + "\t" +
    String(e.schemaVersion) + "\t" + escapeCopyField(JSON.stringify(e.data)) + "\t" +
    escapeCopyField(JSON.stringify(e.metadata)) + "\t" + escapeCopyField(e.hash) + "\t" +
    escapeCopyField(e.prevHash) + "\n";
}

/**
 * The dump's parts in order, each made by `emit` from its text. `emit`
 * feeds the checksum itself (from the text or from its bytes, which are the
 * same thing); it gets null for the trailer, which the checksum does not cover.
 */
async function* dumpParts<T>(
  events: AsyncIterable<StoredEvent>,
  info: DumpInfo,
  emit: (text: string, checksum: Hash | null) => T,
): AsyncGenerator<T> {
  const checksum = createHash("sha256");
  yield emit(dumpHead(info.exportedAt, info.title), checksum);
  let chunk = "";
  let count = 0;
  for await (const e of events) {
    chunk += dumpRow(e);
    count++;
    if (chunk.length >= CHUNK_CHARS) {
      yield emit(chunk, checksum);
      chunk = "";
    }
  }
  yield emit(chunk + END_OF_ROWS + "\n", checksum);
  yield emit(trailer(info.exportedAt, count, checksum.digest("hex")), null);
}

/**
 * The dump of `events` (in order: streams may follow one another or
 * interleave, each in version order), as text chunks.
 */
export function writeSqlDump(
  events: AsyncIterable<StoredEvent>,
  info: DumpInfo,
): AsyncGenerator<string> {
  return dumpParts(events, info, (text, checksum) => {
    checksum?.update(text, "utf8");
    return text;
  });
}

/**
 * {@linkcode writeSqlDump} as a byte stream with backpressure (for an HTTP
 * body or a file): each chunk is encoded once, and the checksum reads its bytes.
 */
export function sqlDumpStream(
  events: AsyncIterable<StoredEvent>,
  info: DumpInfo,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = dumpParts(events, info, (text, checksum) => {
    const bytes = encoder.encode(text);
    checksum?.update(bytes);
    return bytes;
  });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
