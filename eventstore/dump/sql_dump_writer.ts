/**
 * Writes an event history as a self-contained SQL script (see
 * `sql_dump_format.ts`), streaming: it holds one chunk of rows at a time,
 * so memory stays flat however long the history.
 *
 * @module
 */
import { createHash } from "node:crypto";
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

/**
 * One event as a COPY row (with its newline). `data` and `metadata` are
 * written as the store returned them (plain JSON): the reader recomputes
 * the canonical form the hashes cover.
 */
export function dumpRow(e: StoredEvent): string {
  const json = (v: unknown) => JSON.stringify(v);
  return [
    String(e.position),
    e.stream,
    String(e.version),
    e.id,
    e.type,
    String(e.schemaVersion),
    json(e.data),
    json(e.metadata),
    e.hash,
    e.prevHash,
  ].map(escapeCopyField).join("\t") + "\n";
}

/**
 * The dump of `events` (in order: streams may follow one another or
 * interleave, each in version order), as text chunks.
 */
export async function* writeSqlDump(
  events: AsyncIterable<StoredEvent>,
  info: DumpInfo,
): AsyncGenerator<string> {
  const checksum = createHash("sha256");
  const emit = (text: string) => {
    checksum.update(text, "utf8");
    return text;
  };
  yield emit(dumpHead(info.exportedAt, info.title));
  let chunk = "";
  let count = 0;
  for await (const e of events) {
    chunk += dumpRow(e);
    count++;
    if (chunk.length >= CHUNK_CHARS) {
      yield emit(chunk);
      chunk = "";
    }
  }
  yield emit(chunk + END_OF_ROWS + "\n");
  yield trailer(info.exportedAt, count, checksum.digest("hex"));
}

/** {@linkcode writeSqlDump} as a byte stream with backpressure (for an HTTP body or a file). */
export function sqlDumpStream(
  events: AsyncIterable<StoredEvent>,
  info: DumpInfo,
): ReadableStream<Uint8Array> {
  const chunks = writeSqlDump(events, info);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
