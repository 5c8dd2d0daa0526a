/**
 * The fixed parts of Kopek's SQL dump (format 1): the preamble that creates
 * the tables, the `COPY` line of the events, and the trailer that carries
 * the checksum. Shared by the writer and the reader so the two cannot drift.
 *
 * A dump is:
 *
 * ```sql
 * -- header comments
 * SET …; BEGIN;
 * CREATE TABLE kopek_dump (…); CREATE TABLE kopek_events (…);
 * COPY kopek_events (…) FROM stdin;
 * <one line per event, tab-separated, COPY text format>
 * \.
 * -- <checksum comment>
 * INSERT INTO kopek_dump (…) VALUES (1, '<exported at>', <events>, 'sha256:<hex>');
 * COMMIT;
 * ```
 *
 * The checksum is the SHA-256 of every byte up to and including the `\.`
 * line; the events inside also carry their own hash chain. The reader
 * accepts these lines and nothing else: every line but the title, the rows
 * and the trailer's figures is fixed here, byte for byte.
 *
 * @module
 */

/** The format version written in the dump. */
export const DUMP_FORMAT = 1;

/** The columns of `kopek_events`, in COPY order. */
export const DUMP_COLUMNS = [
  "position",
  "stream",
  "version",
  "id",
  "type",
  "schema_version",
  "data",
  "metadata",
  "hash",
  "prev_hash",
] as const;

/** The line that opens the rows. */
export const COPY_LINE = `COPY kopek_events (${DUMP_COLUMNS.join(", ")}) FROM stdin;`;

/** The line that closes the rows. */
export const END_OF_ROWS = "\\.";

/** The tables a dump creates, after its header comments. */
export const DUMP_PREAMBLE = `SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
BEGIN;

-- What this file is: one row, filled in at the end (after the events).
CREATE TABLE kopek_dump (
  format      integer     NOT NULL,
  exported_at timestamptz NOT NULL,
  events      bigint      NOT NULL,
  checksum    text        NOT NULL
);

-- The event history, exactly as Kopek stored it. Per stream, hash =
-- sha256_hex(prev_hash || RFC 8785 canonical JSON of {id, stream, version,
-- type, schemaVersion, data, metadata}); prev_hash is null for version 1.
CREATE TABLE kopek_events (
  position       bigint  PRIMARY KEY,
  stream         text    NOT NULL,
  version        integer NOT NULL CHECK (version >= 1),
  id             uuid    NOT NULL UNIQUE,
  type           text    NOT NULL,
  schema_version integer NOT NULL,
  data           jsonb   NOT NULL,
  metadata       jsonb   NOT NULL,
  hash           text    NOT NULL,
  prev_hash      text,
  UNIQUE (stream, version)
);
`;

/** The comment line between the rows and the checksum row. */
export const CHECKSUM_COMMENT =
  "-- The checksum below is the SHA-256 of every byte of this file up to and including the \\. line.";

/** The trailer's INSERT line, as the reader matches it: format, export time, count, checksum. */
export const TRAILER_INSERT_PATTERN =
  /^INSERT INTO kopek_dump \(format, exported_at, events, checksum\) VALUES \((\d{1,9}), '([0-9TZ:.+-]{1,64})', (\d{1,20}), 'sha256:([0-9a-f]{64})'\);$/;

/** The dump's last line (followed by a newline, then nothing). */
export const COMMIT_LINE = "COMMIT;";

/** What the first line says before the export time. */
export const HEADER_PREFIX = "-- Kopek event history, exported ";

/** The export time as the header and the trailer may write it. */
export const EXPORTED_AT_PATTERN = /^[0-9TZ:.+-]{1,64}$/;

/** The second line: `-- ` and the title (any text without CR or LF). */
export const TITLE_PREFIX = "-- ";

/**
 * Every line after the title up to and including the COPY line, exactly as
 * the writer writes them (without their newlines): the reader accepts
 * nothing else there.
 */
export const FIXED_HEAD_LINES: readonly string[] = Object.freeze([
  "-- Recreate it in an empty PostgreSQL database: psql -v ON_ERROR_STOP=1 -f THIS_FILE",
  "-- Restore it into Kopek as new groups: POST /v1/imports, or kopek import THIS_FILE",
  "",
  ...DUMP_PREAMBLE.slice(0, -1).split("\n"),
  "",
  COPY_LINE,
]);

/** The dump's first line, which names the export time again (the checksum covers it). */
export function headerLine(exportedAt: string): string {
  return `${HEADER_PREFIX}${exportedAt}\n`;
}

/** Everything before the rows: header, title, fixed comments, preamble, COPY line. */
export function dumpHead(exportedAt: string, title: string): string {
  return headerLine(exportedAt) + TITLE_PREFIX + title.replace(/[\r\n]/g, " ") + "\n" +
    FIXED_HEAD_LINES.join("\n") + "\n";
}

/** The trailer for a dump's figures. */
export function trailer(exportedAt: string, events: number, checksumHex: string): string {
  return `${CHECKSUM_COMMENT}\nINSERT INTO kopek_dump (format, exported_at, events, checksum) VALUES ` +
    `(${DUMP_FORMAT}, '${exportedAt}', ${events}, 'sha256:${checksumHex}');\n${COMMIT_LINE}\n`;
}
