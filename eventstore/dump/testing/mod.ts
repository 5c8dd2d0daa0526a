/**
 * Test helpers for SQL dumps, for Kopek's own tests and fuzzers (not for
 * production code): build a dump from plain events, and forge one the way
 * an attacker who knows the format would — edit its events or its lines,
 * then recompute every hash of the chain, the count and the checksum, so
 * that only Kopek's own checks of the content stand between the forgery
 * and an import. Also feeds bytes to a reader in arbitrary chunkings.
 *
 * @example
 * ```ts
 * const dump = await dumpOf(events);
 * const forged = await resealEvents(dump, (es) => es.map((e) => ({ ...e, type: "Nope" })));
 * const extra = resealLines(dump, (lines) => insertBefore(lines, COPY_LINE, "DROP TABLE x;"));
 * for await (const e of readSqlDump(chunked(bytes, [3, 17, 400]))) …
 * ```
 *
 * @module
 */
import { createHash } from "node:crypto";
import { eventHashSync } from "../../hash.ts";
import type { StoredEvent } from "../../port.ts";
import { unescapeCopyField } from "../copy_text.ts";
import { COPY_LINE, END_OF_ROWS, HEADER_PREFIX, TITLE_PREFIX } from "../sql_dump_format.ts";
import { writeSqlDump } from "../sql_dump_writer.ts";
import type { DumpFault } from "../sql_dump_reader.ts";

/** An event to put in a dump: what its hash covers; its place and chain are computed. */
export interface PlainEvent {
  readonly stream: string;
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** The export time of dumps built here unless said otherwise. */
export const TEST_EXPORTED_AT = "2026-12-01T12:00:00.000Z";

/**
 * Chains plain events as the store would: positions 1, 2, … in the order
 * given, versions 1, 2, … per stream, each hash over the previous one (a
 * forger's best: zeros for an event without canonical JSON).
 */
export function chain(events: Iterable<PlainEvent>): StoredEvent[] {
  const heads = new Map<string, { version: number; hash: string }>();
  const out: StoredEvent[] = [];
  let position = 0;
  for (const e of events) {
    const head = heads.get(e.stream);
    const fields = {
      id: e.id,
      stream: e.stream,
      version: (head?.version ?? 0) + 1,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: e.metadata as StoredEvent["metadata"],
    };
    const prevHash = head?.hash ?? null;
    const hash = hashOrZeros(prevHash, fields);
    heads.set(e.stream, { version: fields.version, hash });
    out.push({ ...fields, position: ++position, txId: String(position), prevHash, hash });
  }
  return out;
}

/** The chain hash, or zeros for an event that has none (no canonical JSON: a lone surrogate). */
function hashOrZeros(prevHash: string | null, fields: Parameters<typeof eventHashSync>[1]): string {
  try {
    return eventHashSync(prevHash, fields);
  } catch {
    return "0".repeat(64);
  }
}

/** The dump (as text) of plain events, chained by {@linkcode chain}. */
export async function dumpOf(
  events: Iterable<PlainEvent>,
  info: { exportedAt?: string; title?: string } = {},
): Promise<string> {
  let text = "";
  const chained = chain(events);
  const source = (async function* () {
    yield* chained;
  })();
  const parts = writeSqlDump(source, {
    exportedAt: info.exportedAt ?? TEST_EXPORTED_AT,
    title: info.title ?? "test dump",
  });
  for await (const part of parts) text += part;
  return text;
}

/**
 * The events of a dump's rows, read leniently (no check at all): the
 * starting point of a forgery.
 */
export function eventsOfDump(dump: string): PlainEvent[] {
  const lines = dump.split("\n");
  const from = lines.indexOf(COPY_LINE) + 1;
  const to = lines.indexOf(END_OF_ROWS, from);
  return lines.slice(from, to).map((row) => {
    const [, stream, , id, type, schemaVersion, data, metadata] = row.split("\t").map(
      unescapeCopyField,
    );
    return {
      stream: stream!,
      id: id!,
      type: type!,
      schemaVersion: Number(schemaVersion),
      data: JSON.parse(data!),
      metadata: JSON.parse(metadata!),
    };
  });
}

/**
 * A forged dump: `edit` rewrites the events (change, drop, add, reorder),
 * and the result is written again with a valid hash chain (versions and
 * positions renumbered), count and checksum, under the same header.
 */
export async function resealEvents(
  dump: string,
  edit: (events: PlainEvent[]) => PlainEvent[],
): Promise<string> {
  const [header, title] = dump.split("\n", 2);
  return await dumpOf(edit(eventsOfDump(dump)), {
    exportedAt: header.slice(HEADER_PREFIX.length),
    title: title.slice(TITLE_PREFIX.length),
  });
}

/**
 * A forged dump at the level of its lines: `edit` rewrites the lines up to
 * and including the `\.` line (add a statement, change the preamble, …);
 * the trailer is written again with the checksum of the new bytes and the
 * count of the rows between the COPY line and `\.` (kept when either is
 * gone). Lines after the trailer are kept as they were.
 */
export function resealLines(dump: string, edit: (lines: string[]) => string[]): string {
  const lines = dump.split("\n");
  const end = lines.lastIndexOf(END_OF_ROWS);
  const body = edit(lines.slice(0, end + 1));
  const text = body.join("\n") + "\n";
  const sum = createHash("sha256").update(text, "utf8").digest("hex");
  const from = body.indexOf(COPY_LINE);
  const to = body.indexOf(END_OF_ROWS, from + 1);
  const trailer = lines.slice(end + 1).join("\n")
    .replace(/'sha256:[0-9a-f]{64}'/, `'sha256:${sum}'`)
    .replace(
      /, (\d+), 'sha256/,
      (all) => from >= 0 && to > from ? `, ${to - from - 1}, 'sha256` : all,
    );
  return text + trailer;
}

/** `lines` with `extra` inserted before the first line equal to `before` (or at the end). */
export function insertBefore(lines: string[], before: string, ...extra: string[]): string[] {
  const at = lines.indexOf(before);
  const i = at < 0 ? lines.length : at;
  return [...lines.slice(0, i), ...extra, ...lines.slice(i)];
}

/**
 * `bytes` as a stream of chunks cut at the given offsets (sorted, out of
 * range ones ignored): the same dump in another chunking.
 */
export async function* chunked(bytes: Uint8Array, cuts: readonly number[] = []) {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= from || cut >= bytes.length) continue;
    yield bytes.slice(from, cut);
    from = cut;
  }
  yield bytes.slice(from);
}

/** One way to forge a dump's text (its content resealed where that makes sense). */
export interface TextForgery {
  /** What it does, for reports. */
  readonly name: string;
  /** What the reader must refuse it as. */
  readonly fault: DumpFault;
  /** The forged dump; `pick` chooses where. */
  forge(dump: string, pick: number): string | Uint8Array;
}

/** Statements Kopek never writes, that a forger might slip into a dump. */
export const FOREIGN_STATEMENTS: readonly string[] = [
  "DROP TABLE events;",
  "SET session_replication_role = replica;",
  "ALTER TABLE events DISABLE TRIGGER ALL;",
  "COPY kopek_events (position) FROM PROGRAM 'id';",
  "CREATE FUNCTION kopek_x() RETURNS int LANGUAGE sql AS 'SELECT 1';",
  "\\! id",
  "SELECT pg_sleep(10);",
  "-- a comment Kopek does not write",
];

/** The lines of a dump from its first up to its COPY line (where statements can go). */
function headLength(lines: readonly string[]): number {
  return lines.indexOf(COPY_LINE) + 1;
}

/**
 * Forgeries of a dump's text, each refused by the reader whatever the
 * content: statements Kopek does not write anywhere, a changed preamble, a
 * second COPY, rows that are not rows, over-long lines, invalid UTF-8,
 * line ends and bytes after the end.
 */
export const TEXT_FORGERIES: readonly TextForgery[] = [
  {
    name: "text: a statement among the head's lines",
    fault: "not_a_dump",
    forge(dump, pick) {
      // After the title line (an extra `-- ` line in the title's place reads as a title).
      return resealLines(dump, (lines) => {
        const at = 2 + (pick % (headLength(lines) - 2));
        const s = FOREIGN_STATEMENTS[pick % FOREIGN_STATEMENTS.length];
        return [...lines.slice(0, at), s, ...lines.slice(at)];
      });
    },
  },
  {
    name: "text: a statement between the rows' end and the trailer",
    fault: "not_a_dump",
    forge: (dump, pick) =>
      dump.replace(
        "\n\\.\n",
        `\n\\.\n${FOREIGN_STATEMENTS[pick % FOREIGN_STATEMENTS.length]}\n`,
      ),
  },
  {
    name: "text: a statement between the trailer's INSERT and COMMIT",
    fault: "not_a_dump",
    forge: (dump, pick) =>
      dump.replace(
        /\nCOMMIT;\n$/,
        `\n${FOREIGN_STATEMENTS[pick % FOREIGN_STATEMENTS.length]}\nCOMMIT;\n`,
      ),
  },
  {
    name: "text: a statement after COMMIT",
    fault: "not_a_dump",
    forge: (dump, pick) => dump + FOREIGN_STATEMENTS[pick % FOREIGN_STATEMENTS.length] + "\n",
  },
  {
    name: "text: a line of the preamble changed",
    fault: "not_a_dump",
    forge(dump, pick) {
      return resealLines(dump, (lines) => {
        const at = 2 + (pick % (headLength(lines) - 2));
        return lines.map((l, i) => i === at ? (l === "" ? " " : l.replace(/.$/, "")) : l);
      });
    },
  },
  {
    name: "text: a second COPY block",
    fault: "not_a_dump",
    forge: (dump) =>
      resealLines(
        dump,
        (lines) => [...lines, COPY_LINE, lines[headLength(lines)] ?? "", END_OF_ROWS],
      ),
  },
  {
    name: "text: a statement among the rows",
    fault: "malformed_row",
    forge: (dump, pick) =>
      resealLines(
        dump,
        (lines) =>
          insertBefore(lines, END_OF_ROWS, FOREIGN_STATEMENTS[pick % FOREIGN_STATEMENTS.length]),
      ),
  },
  {
    name: "text: a line longer than the reader takes",
    fault: "not_a_dump",
    forge: (dump) =>
      resealLines(
        dump,
        (lines) => insertBefore(lines, END_OF_ROWS, "-- " + "x".repeat(1024 * 1024)),
      ),
  },
  {
    name: "text: invalid UTF-8 in the head",
    fault: "not_a_dump",
    forge(dump) {
      const bytes = new TextEncoder().encode(dump);
      bytes[3] = 0xff;
      return bytes;
    },
  },
  {
    name: "text: CRLF line ends",
    fault: "not_a_dump",
    forge: (dump) => dump.replaceAll("\n", "\r\n"),
  },
  {
    name: "text: cut short",
    fault: "not_a_dump",
    forge: (dump, pick) => dump.slice(0, pick % dump.length),
  },
  {
    name: "text: a byte changed, not resealed",
    fault: "checksum_mismatch",
    forge(dump, pick) {
      const bytes = new TextEncoder().encode(dump);
      const from = dump.indexOf(COPY_LINE) + COPY_LINE.length + 1;
      const to = dump.lastIndexOf("\n\\.\n");
      if (to <= from) return dump.replace(/'sha256:./, "'sha256:x");
      const at = from + (pick % (to - from));
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      return bytes;
    },
  },
];
