/**
 * The SQL dump of whole streams written from the bytes of a COPY (ADR 0077):
 * where the store reads streams as bytes (`readStreamBytes`, ADR 0076), each
 * row is written as bytes from the received fields, `data` and `metadata`
 * compacted from jsonb's text (`_stringified_jsonb.ts`), with no row object
 * and no string of the JSON. The dump is byte for byte the one
 * `sqlDumpStream(eventsOfStreams(…))` writes, the path a store without
 * `readStreamBytes` still takes.
 *
 * That holds where the store's `readStream` returns an event as stored: a
 * sealing store opens the events its rules seal (`sealing_store.ts`), so the
 * reader stops the bytes of a stream at the first event a rule given in
 * `sealing` could have opened, and reads the rest of that stream as the
 * other path does. Group streams hold none.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { EventStore, StoredBytesEvent, StoredEvent } from "../port.ts";
import type { SealingRules } from "../sealing_store.ts";
import { eventsOfStreams, streamEvents } from "../paging.ts";
import { escapeCopyField } from "./copy_text.ts";
import { dumpHead, END_OF_ROWS, trailer } from "./sql_dump_format.ts";
import { type DumpedFields, type DumpInfo, dumpRow, sqlDumpStream } from "./sql_dump_writer.ts";
import { ByteSink, writeStringifiedJsonb } from "./_stringified_jsonb.ts";

/** Hand a chunk on once it holds this many bytes. */
const CHUNK_BYTES = 64 * 1024;

const encoder = new TextEncoder();
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** What the dump of streams reads. */
export interface StreamsDumpOptions {
  /** Only events up to this position (the head when the export began). */
  readonly untilPosition?: number;
  /** The rules of the sealing store `store` is, if it is one. */
  readonly sealing?: SealingRules;
}

/**
 * The dump of every event of `streams` (one stream after another, each in
 * version order) as a byte stream with backpressure: as
 * `sqlDumpStream(eventsOfStreams(store, streams, options), info)`, from the
 * COPY's bytes where the store can.
 */
export function sqlDumpOfStreams(
  store: EventStore,
  streams: AsyncIterable<string> | Iterable<string>,
  options: StreamsDumpOptions,
  info: DumpInfo,
): ReadableStream<Uint8Array> {
  if (store.readStreamBytes === undefined) {
    return sqlDumpStream(eventsOfStreams(store, streams, options), info);
  }
  const parts = byteParts(store, streams, options, info);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // A statement's rows are read whatever the consumer's pace: a slow reader must hold
      // neither a statement open (into `statement_timeout`) nor a pooled connection. The stream
      // waits for its reader only where no statement is open (an empty page of the store's).
      // A pull that enqueues nothing is not called again: it returns once it enqueued.
      let enqueued = false;
      while (true) {
        const next = await parts.next();
        if (next.done) return controller.close();
        if (next.value.bytes.length > 0) {
          controller.enqueue(next.value.bytes);
          enqueued = true;
        }
        if (next.value.pausable && enqueued) return;
      }
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
}

/** Where the store's read has no statement open (its empty page). */
const STATEMENT_OVER = Symbol("statement over");

/** A chunk of the dump, and whether no statement is open behind it. */
interface Part {
  readonly bytes: Uint8Array;
  readonly pausable: boolean;
}

async function* byteParts(
  store: EventStore,
  streams: AsyncIterable<string> | Iterable<string>,
  options: StreamsDumpOptions,
  info: DumpInfo,
): AsyncGenerator<Part> {
  const checksum = createHash("sha256");
  const head = encoder.encode(dumpHead(info.exportedAt, info.title));
  checksum.update(head);
  yield { bytes: head, pausable: true };
  let sink = new ByteSink();
  let count = 0;
  const take = (): Uint8Array => {
    const bytes = sink.bytes.subarray(0, sink.length);
    checksum.update(bytes);
    sink = new ByteSink();
    return bytes;
  };
  for await (const stream of streams) {
    const fields = rowFields(stream);
    for await (const e of dumpEvents(store, stream, options)) {
      if (e === STATEMENT_OVER) {
        yield { bytes: take(), pausable: true };
        continue;
      }
      count++;
      if (!("dataBytes" in e)) {
        writeDumpRow(sink, e);
        if (sink.length >= CHUNK_BYTES) yield { bytes: take(), pausable: true };
        continue;
      }
      writeRowBytes(e, fields, sink);
      if (sink.length >= CHUNK_BYTES) yield { bytes: take(), pausable: false };
    }
    if (sink.length > 0) yield { bytes: take(), pausable: true };
  }
  sink.write(encoder.encode(END_OF_ROWS + "\n"));
  yield { bytes: take(), pausable: true };
  yield {
    bytes: encoder.encode(trailer(info.exportedAt, count, checksum.digest("hex"))),
    pausable: true,
  };
}

/**
 * A stream's events from its COPY's bytes up to the first that a sealing
 * rule could have changed on `readStream`, then from there on as
 * `readStream` gives them.
 */
async function* dumpEvents(
  store: EventStore,
  stream: string,
  options: StreamsDumpOptions,
): AsyncGenerator<StoredBytesEvent | StoredEvent | typeof STATEMENT_OVER> {
  const rules = options.sealing ?? {};
  let opened: number | null = null;
  const { untilPosition } = options;
  read: for await (const page of store.readStreamBytes!(stream, { untilPosition })) {
    if (page.length === 0) yield STATEMENT_OVER;
    for (const e of page) {
      const rule = Object.hasOwn(rules, e.type) ? rules[e.type] : undefined;
      if (rule !== undefined && rule.sealedVersion === e.schemaVersion) {
        opened = e.version - 1;
        break read;
      }
      yield e;
    }
  }
  if (opened === null) return;
  yield* streamEvents(store, stream, { untilPosition, afterVersion: opened });
}

/** A stream's field written once, and its event types'. */
export interface RowFields {
  readonly stream: Uint8Array;
  readonly types: Map<string, Uint8Array>;
}

/** The {@linkcode RowFields} of a stream's rows. */
export function rowFields(stream: string): RowFields {
  return { stream: copyField(stream), types: new Map() };
}

function copyField(value: string | null): Uint8Array {
  return encoder.encode(escapeCopyField(value));
}

/**
 * Appends the dump row of `e` (`dumpRow` of the event the driver parses):
 * from its bytes, or, where the JSON declines, from its parsed text.
 */
export function writeRowBytes(e: StoredBytesEvent, fields: RowFields, sink: ByteSink): void {
  const start = sink.length;
  let type = fields.types.get(e.type);
  if (type === undefined) fields.types.set(e.type, type = copyField(e.type));
  writeDigits(sink, e.position);
  sink.write(TAB);
  sink.write(fields.stream);
  sink.write(TAB);
  writeDigits(sink, e.version);
  sink.write(TAB);
  sink.write(copyField(e.id));
  sink.write(TAB);
  sink.write(type);
  sink.write(TAB);
  writeDigits(sink, e.schemaVersion);
  sink.write(TAB);
  if (!writeStringifiedJsonb(e.dataBytes, sink)) return writeParsed(e, sink, start);
  sink.write(TAB);
  if (!writeStringifiedJsonb(e.metadataBytes, sink)) return writeParsed(e, sink, start);
  sink.write(TAB);
  sink.write(copyField(e.hash));
  sink.write(TAB);
  sink.write(copyField(e.prevHash));
  sink.write(NEWLINE);
}

const TAB = new Uint8Array([0x09]);
const NEWLINE = new Uint8Array([0x0a]);

/** Appends an integer as `String` writes it. */
function writeDigits(sink: ByteSink, n: number): void {
  const text = String(n);
  sink.reserve(text.length);
  for (let i = 0; i < text.length; i++) sink.bytes[sink.length++] = text.charCodeAt(i);
}

/** Writes the row again from `start`, as `dumpRow` of the event the driver parses. */
function writeParsed(e: StoredBytesEvent, sink: ByteSink, start: number): void {
  sink.length = start;
  writeDumpRow(sink, {
    ...e,
    data: JSON.parse(utf8.decode(e.dataBytes)),
    metadata: JSON.parse(utf8.decode(e.metadataBytes)),
  });
}

/** Appends `dumpRow(e)`'s bytes. */
function writeDumpRow(sink: ByteSink, e: DumpedFields): void {
  sink.write(encoder.encode(dumpRow(e)));
}
