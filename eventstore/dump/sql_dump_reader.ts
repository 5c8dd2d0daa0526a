/**
 * Reads a dump written by `sql_dump_writer.ts` as a byte stream, in
 * constant memory, and proves it intact: the exact lines Kopek writes and
 * nothing else, every row's shape, the hash chain of every stream, the
 * event count, the export time and the checksum over its bytes. Anything
 * else is refused with a {@linkcode DumpError} that says what and on which
 * line.
 *
 * **Nothing a reader yields is verified until its iteration has ended
 * normally.** Events are yielded as soon as their row parsed and chained,
 * so that a consumer can check them while the stream is still arriving;
 * the checksum, the count and the trailer are known only at the end. A
 * consumer must treat every event as unverified (and keep nothing it cannot
 * undo) until the `for await` loop finished without an error and
 * {@linkcode SqlDumpReader.verified} answers.
 *
 * @example
 * ```ts
 * const reader = readSqlDump(file.readable);
 * for await (const event of reader) check.push(event); // unverified yet
 * const { checksum, events } = reader.verified; // now the whole dump is proven intact
 * ```
 *
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import type { StoredEvent } from "../port.ts";
import { ChainVerifier } from "../chain_verifier.ts";
import { byteLines, LineTooLong } from "./_lines.ts";
import { unescapeCopyField } from "./copy_text.ts";
import {
  CHECKSUM_COMMENT,
  COMMIT_LINE,
  DUMP_COLUMNS,
  DUMP_FORMAT,
  END_OF_ROWS,
  EXPORTED_AT_PATTERN,
  FIXED_HEAD_LINES,
  HEADER_PREFIX,
  TITLE_PREFIX,
  TRAILER_INSERT_PATTERN,
} from "./sql_dump_format.ts";

/** Why a dump was refused. */
export type DumpFault =
  | "not_a_dump"
  | "unsupported_format"
  | "checksum_mismatch"
  | "malformed_row"
  | "count_mismatch"
  | "broken_chain";

/** A dump that cannot be trusted or read. */
export class DumpError extends Error {
  /** Creates the error; `line` is 1-based in the dump, when known. */
  constructor(
    readonly fault: DumpFault,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = "DumpError";
  }
}

/** An event read from a dump (`txId` is not exported). */
export type DumpedEvent = Omit<StoredEvent, "txId">;

/** What a dump read to its end proved. */
export interface VerifiedDump {
  /** When it was exported (as its header and trailer both say). */
  readonly exportedAt: string;
  /** How many events it holds. */
  readonly events: number;
  /** The hash of its last event (compare with the source's `verify`); null when empty. */
  readonly headHash: string | null;
  /** The SHA-256 (hex) its trailer names and its bytes hash to. */
  readonly checksum: string;
}

/** How a dump is read. */
export interface ReadSqlDumpOptions {
  /** The longest line accepted, newline included (default {@linkcode MAX_DUMP_LINE_BYTES}). */
  readonly maxLineBytes?: number;
}

/**
 * The longest line a dump may have: 1 MiB. Kopek's rows are far shorter
 * (every text and list of an event is bounded by the command schemas); a
 * longer line is not Kopek's, and refusing it bounds the reader's memory.
 */
export const MAX_DUMP_LINE_BYTES = 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const COUNT = /^(0|[1-9]\d{0,15})$/;

/** Where the reader is in a dump. */
type Section = "header" | "title" | "head" | "rows" | "checksum" | "insert" | "commit" | "end";

/** Throws the `not_a_dump` error of line `lineNo`. */
function notADumpAt(lineNo: number, what: string): never {
  throw new DumpError(
    "not_a_dump",
    `this is not a Kopek SQL dump: line ${lineNo} ${what}`,
    lineNo,
  );
}

/**
 * Checks the trailer's INSERT (line `lineNo`) against what was read: the
 * format, the checksum of every line before the trailer, then the first
 * row's fault (the checksum goes first: a damaged file says "altered", a
 * resealed one the row), the export time and the count. Answers the
 * trailer's figures.
 */
function checkTrailer(
  line: string,
  lineNo: number,
  checksum: Hash,
  rowFault: DumpError | null,
  exportedAt: string,
  count: number,
): { count: string; checksum: string } {
  const m = TRAILER_INSERT_PATTERN.exec(line);
  if (!m) {
    notADumpAt(lineNo, "is not the dump's trailer (the checksum row is missing or altered)");
  }
  const [, format, at, said, sum] = m!;
  if (Number(format) !== DUMP_FORMAT) {
    throw new DumpError(
      "unsupported_format",
      `dump format ${format} is not supported (only ${DUMP_FORMAT})`,
      lineNo,
    );
  }
  const actual = checksum.digest("hex");
  if (actual !== sum) {
    throw new DumpError(
      "checksum_mismatch",
      `the dump was altered: its checksum is sha256:${sum} but its content hashes to sha256:${actual}`,
      lineNo,
    );
  }
  if (rowFault !== null) throw rowFault;
  // The trailer's figures are outside the checksum: each must match what it covers.
  if (at !== exportedAt) {
    notADumpAt(lineNo, "does not match the dump's header (export time)");
  }
  if (!COUNT.test(said) || Number(said) !== count) {
    throw new DumpError(
      "count_mismatch",
      `the dump says ${said} events but holds ${count}`,
      lineNo,
    );
  }
  return { count: said, checksum: sum };
}

/**
 * A single-use reader of one dump: iterate it (`for await`) for the
 * events, then read {@linkcode SqlDumpReader.verified}.
 */
export class SqlDumpReader implements AsyncIterable<DumpedEvent> {
  readonly #source: AsyncIterable<Uint8Array>;
  readonly #maxLineBytes: number;
  #started = false;
  #verified: VerifiedDump | null = null;

  /** Prepares to read `source`; nothing is read before iteration. */
  constructor(source: AsyncIterable<Uint8Array>, options: ReadSqlDumpOptions = {}) {
    this.#source = source;
    this.#maxLineBytes = options.maxLineBytes ?? MAX_DUMP_LINE_BYTES;
  }

  /**
   * What the dump proved, once its iteration ended normally; throws before
   * (an unfinished or refused read has proved nothing).
   */
  get verified(): VerifiedDump {
    if (this.#verified === null) {
      throw new Error("the dump has not been read to its end: nothing of it is verified");
    }
    return this.#verified;
  }

  /** The events, in dump order; throws {@linkcode DumpError} where the dump is not Kopek's. */
  async *[Symbol.asyncIterator](): AsyncGenerator<DumpedEvent> {
    if (this.#started) throw new Error("a dump reader reads its source once");
    this.#started = true;
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    const checksum = createHash("sha256");
    const verifier = new ChainVerifier();
    let section: Section = "header";
    let lineNo = 0;
    let fixed = 0;
    let exportedAt = "";
    let count = 0;
    // A row's fault waits for the checksum: a damaged file says "altered", a resealed one the row.
    let rowFault: DumpError | null = null;
    let trailer: { count: string; checksum: string } | null = null;
    const notADump = (what: string): never => notADumpAt(lineNo, what);
    try {
      for await (const { bytes, terminated } of byteLines(this.#source, this.#maxLineBytes)) {
        lineNo++;
        if (section === "end") notADump("follows COMMIT (a dump ends there)");
        if (!terminated) notADump("is cut: the dump does not end with a newline");
        let line: string;
        try {
          line = decoder.decode(bytes.subarray(0, bytes.length - 1));
        } catch {
          const fault = new DumpError(
            "not_a_dump",
            `this is not a Kopek SQL dump: line ${lineNo} is not valid UTF-8`,
            lineNo,
          );
          if (section !== "rows") throw fault;
          rowFault ??= fault;
          checksum.update(bytes);
          continue;
        }
        switch (section) {
          case "header": {
            checksum.update(bytes);
            const at = line.startsWith(HEADER_PREFIX) ? line.slice(HEADER_PREFIX.length) : "";
            if (!EXPORTED_AT_PATTERN.test(at)) notADump("is not a Kopek dump's header");
            exportedAt = at;
            section = "title";
            break;
          }
          case "title":
            checksum.update(bytes);
            if (!line.startsWith(TITLE_PREFIX) || line.includes("\r")) {
              notADump("is not the dump's title comment");
            }
            section = "head";
            break;
          case "head":
            checksum.update(bytes);
            if (line !== FIXED_HEAD_LINES[fixed]) {
              notADump(
                `differs from what Kopek writes there: ${JSON.stringify(line.slice(0, 80))}`,
              );
            }
            if (++fixed === FIXED_HEAD_LINES.length) section = "rows";
            break;
          case "rows": {
            checksum.update(bytes);
            if (line === END_OF_ROWS) {
              section = "checksum";
              break;
            }
            count++;
            if (rowFault !== null) break;
            try {
              const event = parseRow(line, lineNo);
              const fault = chained(verifier, event, lineNo);
              if (fault !== null) {
                throw new DumpError(
                  "broken_chain",
                  `the event at position ${event.position} (line ${lineNo}) breaks the hash chain of ` +
                    `${event.stream}: ${fault.replaceAll("_", " ")}`,
                  lineNo,
                );
              }
              yield event;
            } catch (e) {
              if (!(e instanceof DumpError)) throw e;
              rowFault = e;
            }
            break;
          }
          case "checksum":
            if (line !== CHECKSUM_COMMENT) {
              notADump("is not the checksum comment that must follow the rows (trailer missing)");
            }
            section = "insert";
            break;
          case "insert":
            trailer = checkTrailer(line, lineNo, checksum, rowFault, exportedAt, count);
            section = "commit";
            break;
          case "commit":
            if (line !== COMMIT_LINE) notADump("is not the COMMIT that ends a dump");
            section = "end";
            break;
          case "end":
            break;
          default: {
            const unknown: never = section;
            throw new Error(`unknown section ${unknown}`);
          }
        }
      }
    } catch (e) {
      if (e instanceof LineTooLong) {
        throw new DumpError(
          "not_a_dump",
          `this is not a Kopek SQL dump: line ${
            lineNo + 1
          } is longer than ${this.#maxLineBytes} bytes`,
          lineNo + 1,
        );
      }
      throw e;
    }
    if (section !== "end" || trailer === null) {
      throw new DumpError(
        "not_a_dump",
        `this is not a Kopek SQL dump: it ends after line ${lineNo}, ${
          section === "header" || section === "title" || section === "head"
            ? "before its rows"
            : section === "rows"
            ? "inside its rows (no end of rows, no trailer)"
            : "before its trailer and COMMIT"
        }`,
        lineNo,
      );
    }
    this.#verified = {
      exportedAt,
      events: count,
      headHash: verifier.report().headHash,
      checksum: trailer.checksum,
    };
  }
}

/**
 * A reader of the dump in `source` (any byte stream: a request body, a
 * file's `readable`). See {@linkcode SqlDumpReader}: nothing is verified
 * before the iteration ended normally.
 */
export function readSqlDump(
  source: AsyncIterable<Uint8Array>,
  options?: ReadSqlDumpOptions,
): SqlDumpReader {
  return new SqlDumpReader(source, options);
}

/**
 * Reads a whole dump held in memory (a string or bytes) and collects its
 * events: for tests and small tools; imports read streams with
 * {@linkcode readSqlDump}.
 */
export async function collectSqlDump(
  dump: string | Uint8Array,
  options?: ReadSqlDumpOptions,
): Promise<VerifiedDump & { readonly list: DumpedEvent[] }> {
  const bytes = typeof dump === "string" ? new TextEncoder().encode(dump) : dump;
  const reader = readSqlDump(
    (async function* () {
      yield bytes;
    })(),
    options,
  );
  const list: DumpedEvent[] = [];
  for await (const e of reader) list.push(e);
  return { ...reader.verified, list };
}

/** Pushes an event to the verifier; an event that has no canonical form (a lone surrogate) is a bad row. */
function chained(verifier: ChainVerifier, event: DumpedEvent, lineNo: number) {
  try {
    return verifier.push(event);
  } catch (e) {
    throw new DumpError(
      "malformed_row",
      `line ${lineNo}: its event has no canonical JSON to hash: ${(e as Error).message}`,
      lineNo,
    );
  }
}

function parseRow(line: string, lineNo: number): DumpedEvent {
  const bad = (what: string): never => {
    throw new DumpError("malformed_row", `line ${lineNo}: ${what}`, lineNo);
  };
  const raw = line.split("\t");
  if (raw.length !== DUMP_COLUMNS.length) {
    bad(`expected ${DUMP_COLUMNS.length} tab-separated fields, found ${raw.length}`);
  }
  let f: (string | null)[] = [];
  try {
    f = raw.map(unescapeCopyField);
  } catch (e) {
    bad((e as Error).message);
  }
  const [position, stream, version, id, type, schemaVersion, data, metadata, hash, prevHash] = f;
  const int = (v: string | null, name: string, min: number) =>
    v !== null && COUNT.test(v) && Number(v) >= min && Number.isSafeInteger(Number(v))
      ? Number(v)
      : bad(`${name} must be an integer from ${min}`);
  // Kopek writes JSON.stringify's output: anything else (spaces, duplicate keys, other escapes) is not its.
  const json = (v: string | null, name: string) => {
    let value: unknown;
    try {
      value = JSON.parse(v ?? "");
    } catch {
      return bad(`${name} is not JSON`);
    }
    if (JSON.stringify(value) !== v) bad(`${name} is not JSON as Kopek writes it`);
    return value;
  };
  if (!stream) bad("stream is empty");
  if (!type) bad("type is empty");
  if (id === null || !UUID.test(id)) bad("id must be a lower-case UUID");
  if (hash === null || !HEX64.test(hash)) bad("hash must be 64 hex digits");
  if (prevHash !== null && !HEX64.test(prevHash)) bad("prev_hash must be 64 hex digits or \\N");
  const md = json(metadata, "metadata");
  if (md === null || typeof md !== "object" || Array.isArray(md)) bad("metadata must be an object");
  return {
    position: int(position, "position", 1),
    stream: stream!,
    version: int(version, "version", 1),
    id: id!,
    type: type!,
    schemaVersion: int(schemaVersion, "schema_version", 0),
    data: json(data, "data"),
    metadata: md as DumpedEvent["metadata"],
    hash: hash!,
    prevHash,
  };
}
