/**
 * Reads a dump written by `sql_dump_writer.ts` and proves it intact before
 * anything uses it: the checksum over its bytes, the shape of every row, the
 * event count, and the hash chain of every stream. Anything else is refused
 * with a {@linkcode DumpError} that says what and where.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { StoredEvent } from "../port.ts";
import { ChainVerifier } from "../chain_verifier.ts";
import { unescapeCopyField } from "./copy_text.ts";
import {
  COPY_LINE,
  DUMP_COLUMNS,
  DUMP_FORMAT,
  END_OF_ROWS,
  headerLine,
  TRAILER_PATTERN,
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

/** What a verified dump holds. */
export interface VerifiedDump {
  /** When it was exported. */
  readonly exportedAt: string;
  /** Its events, in dump order. */
  readonly events: readonly DumpedEvent[];
  /** The hash of its last event (compare with the source's `verify`). */
  readonly headHash: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const COUNT = /^(0|[1-9]\d{0,15})$/;

/** Verifies and reads a dump; throws {@linkcode DumpError} when it is not intact. */
export function readSqlDump(text: string): VerifiedDump {
  const endMark = "\n" + END_OF_ROWS + "\n";
  const end = text.lastIndexOf(endMark);
  if (end < 0) throw new DumpError("not_a_dump", "this is not a Kopek SQL dump: no end of rows");
  const bodyEnd = end + endMark.length;
  const trailer = TRAILER_PATTERN.exec(text.slice(bodyEnd));
  if (!trailer) {
    throw new DumpError(
      "not_a_dump",
      "the dump's trailer (checksum row and COMMIT) is missing or altered",
    );
  }
  const [, format, exportedAt, count, checksum] = trailer;
  if (Number(format) !== DUMP_FORMAT) {
    throw new DumpError(
      "unsupported_format",
      `dump format ${format} is not supported (only ${DUMP_FORMAT})`,
    );
  }
  const body = text.slice(0, bodyEnd);
  const actual = createHash("sha256").update(body, "utf8").digest("hex");
  if (actual !== checksum) {
    throw new DumpError(
      "checksum_mismatch",
      `the dump was altered: its checksum is sha256:${checksum} but its content hashes to sha256:${actual}`,
    );
  }
  // The trailer's figures are outside the checksum: each must match what the checksum covers.
  if (!body.startsWith(headerLine(exportedAt))) {
    throw new DumpError("not_a_dump", "the dump's trailer does not match its header (export time)");
  }
  const copyAt = body.indexOf("\n" + COPY_LINE + "\n");
  if (copyAt < 0) {
    throw new DumpError("not_a_dump", "this is not a Kopek SQL dump: no COPY of kopek_events");
  }
  const rowsStart = copyAt + COPY_LINE.length + 2;
  const firstLine = countLines(body, rowsStart) + 1;
  const rows = body.slice(rowsStart, end + 1);
  const lines = rows.length === 0 ? [] : rows.slice(0, -1).split("\n");
  const verifier = new ChainVerifier();
  const events: DumpedEvent[] = [];
  lines.forEach((line, i) => {
    const event = parseRow(line, firstLine + i);
    const fault = verifier.push(event);
    if (fault !== null) {
      throw new DumpError(
        "broken_chain",
        `the event at position ${event.position} (line ${
          firstLine + i
        }) breaks the hash chain of ` +
          `${event.stream}: ${fault.replaceAll("_", " ")}`,
        firstLine + i,
      );
    }
    events.push(event);
  });
  if (!COUNT.test(count) || Number(count) !== events.length) {
    throw new DumpError(
      "count_mismatch",
      `the dump says ${count} events but holds ${events.length}`,
    );
  }
  return { exportedAt, events, headHash: verifier.report().headHash };
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
  const int = (v: string | null, name: string) =>
    v !== null && COUNT.test(v) ? Number(v) : bad(`${name} must be a non-negative integer`);
  const json = (v: string | null, name: string) => {
    try {
      return JSON.parse(v ?? "");
    } catch {
      return bad(`${name} is not JSON`);
    }
  };
  if (!stream) bad("stream is empty");
  if (!type) bad("type is empty");
  if (id === null || !UUID.test(id)) bad("id must be a lower-case UUID");
  if (hash === null || !HEX64.test(hash)) bad("hash must be 64 hex digits");
  if (prevHash !== null && !HEX64.test(prevHash)) bad("prev_hash must be 64 hex digits or \\N");
  const md = json(metadata, "metadata");
  if (md === null || typeof md !== "object" || Array.isArray(md)) bad("metadata must be an object");
  return {
    position: int(position, "position"),
    stream: stream!,
    version: int(version, "version"),
    id: id!,
    type: type!,
    schemaVersion: int(schemaVersion, "schema_version"),
    data: json(data, "data"),
    metadata: md,
    hash: hash!,
    prevHash,
  };
}

function countLines(text: string, until: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < until; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
