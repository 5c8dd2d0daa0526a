/**
 * The reads of the PostgreSQL event store: a stream, the whole log in commit
 * order, positions and stream names. A read that reaches a stream's end
 * teaches the head cache that stream's head.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import type {
  Cursor,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  StoredEvent,
  StoredTextEvent,
  StreamsOptions,
} from "../port.ts";
import type { HeadCache } from "./_head_cache.ts";
import { type EventRow, type TextEventRow, toStored, toStoredText } from "./_rows.ts";
import { isNonNegativeInteger } from "../append_validation.ts";

/** A stream read's bounds, defaulted and checked. */
function readBounds(readOptions: ReadStreamOptions) {
  const limit = readOptions.limit ?? null;
  if (limit !== null && (!isNonNegativeInteger(limit))) {
    throw new TypeError("Limit must be a non-negative integer");
  }
  return {
    after: readOptions.afterVersion ?? 0,
    until: readOptions.untilPosition ?? null,
    afterPosition: readOptions.afterPosition ?? null,
    limit,
  };
}

/** `FROM events … LIMIT …`: a stream's events within a read's bounds, in version order. */
function streamRange(sql: Sql, stream: string, readOptions: ReadStreamOptions) {
  const { after, until, afterPosition, limit } = readBounds(readOptions);
  return sql`
    FROM events
    WHERE stream = ${stream}::text AND version > ${after}::integer
      AND (${until}::bigint IS NULL OR position <= ${until}::bigint)
      AND (${afterPosition}::bigint IS NULL OR position > ${afterPosition}::bigint)
    ORDER BY version
    LIMIT ${limit}::bigint`;
}

/** The port's `readStream`: a stream's events in version order. */
export async function readStream(
  sql: Sql,
  heads: HeadCache,
  stream: string,
  readOptions: ReadStreamOptions = {},
): Promise<StoredEvent[]> {
  const { until, afterPosition, limit } = readBounds(readOptions);
  const rows = await sql<EventRow[]>`
    SELECT position, tx_id::text AS tx_id, id::text AS id, stream, version, type,
           schema_version, data, metadata, hash, prev_hash
    ${streamRange(sql, stream, readOptions)}`;
  const events = rows.map(toStored);
  // A full read to the end tells the current head: the next append needs no look-up.
  if (
    until === null && afterPosition === null && (limit === null || events.length < limit) &&
    events.length > 0
  ) {
    const last = events[events.length - 1];
    heads.advance(stream, { version: last.version, hash: last.hash, at: last.metadata.at });
  }
  return events;
}

/** The port's `readStreamText`: as {@linkcode readStream}, `data` and `metadata` as JSON text. */
export async function readStreamText(
  sql: Sql,
  stream: string,
  readOptions: ReadStreamOptions = {},
): Promise<StoredTextEvent[]> {
  const rows = await sql<TextEventRow[]>`
    SELECT position, tx_id::text AS tx_id, id::text AS id, stream, version, type,
           schema_version, data::text AS data, metadata::text AS metadata, hash, prev_hash
    ${streamRange(sql, stream, readOptions)}`;
  return rows.map(toStoredText);
}

/** The port's `streamVersion`: a stream's last version (0 when empty). */
export async function streamVersion(sql: Sql, heads: HeadCache, stream: string): Promise<number> {
  const [row] = await sql<{ version: number; hash: string; at: string }[]>`
    SELECT version, hash, metadata->>'at' AS at FROM events WHERE stream = ${stream}::text
    ORDER BY version DESC LIMIT 1`;
  if (row === undefined) return 0;
  heads.advance(stream, { version: row.version, hash: row.hash, at: row.at });
  return row.version;
}

/** The port's `readAll`: the log in commit order, after a cursor. */
export async function readAll(sql: Sql, readOptions: ReadAllOptions): Promise<ReadAllResult> {
  const { after, limit } = readOptions;
  const prefix = readOptions.streamPrefix ?? null;
  if (!isNonNegativeInteger(limit)) throw new TypeError("Limit must be a non-negative integer");
  // Only transactions older than every running one are final: reading below
  // the snapshot's xmin never skips an event that a slow transaction commits later.
  // ORDER BY names the table's columns: a bare `tx_id` would mean the output
  // column `tx_id::text` and sort by text ("10" < "9"), which is both a full
  // sort of every unread row and the wrong order once xids gain a digit.
  const afterTx = after?.txId ?? "0";
  const afterPosition = after?.position ?? 0;
  const rows = prefix === null
    ? await sql<EventRow[]>`
        SELECT e.position, e.tx_id::text AS tx_id, e.id::text AS id, e.stream, e.version,
               e.type, e.schema_version, e.data, e.metadata, e.hash, e.prev_hash
        FROM events e
        WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (e.tx_id, e.position) > (${afterTx}::xid8, ${afterPosition}::bigint)
        ORDER BY e.tx_id, e.position
        LIMIT ${limit}::bigint`
    : await sql<EventRow[]>`
        SELECT e.position, e.tx_id::text AS tx_id, e.id::text AS id, e.stream, e.version,
               e.type, e.schema_version, e.data, e.metadata, e.hash, e.prev_hash
        FROM events e
        WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (e.tx_id, e.position) > (${afterTx}::xid8, ${afterPosition}::bigint)
          AND starts_with(e.stream, ${prefix}::text)
        ORDER BY e.tx_id, e.position
        LIMIT ${limit}::bigint`;
  const events = rows.map(toStored);
  const last = events[events.length - 1];
  return {
    events,
    cursor: last === undefined ? after : { txId: last.txId, position: last.position },
  };
}

/** The port's `cursorOf`: the cursor of an event's position, or null. */
export async function cursorOf(sql: Sql, position: number): Promise<Cursor | null> {
  const [row] = await sql<{ tx_id: string; position: number }[]>`
    SELECT tx_id::text AS tx_id, position FROM events WHERE position = ${position}::bigint`;
  return row === undefined ? null : { txId: row.tx_id, position: row.position };
}

/** The port's `headPosition`: the last position (0 for an empty log). */
export async function headPosition(sql: Sql): Promise<number> {
  const [row] = await sql<
    { p: number }[]
  >`SELECT coalesce(max(position), 0)::bigint AS p FROM events`;
  return row.p;
}

/** The port's `streams`: stream names in order, after one, with a prefix. */
export async function streams(sql: Sql, options: StreamsOptions): Promise<string[]> {
  if (!isNonNegativeInteger(options.limit)) {
    throw new TypeError("Limit must be a non-negative integer");
  }
  const prefix = options.prefix ?? "";
  // A loose index scan over (stream, version): one index probe per stream,
  // however many events each holds.
  const rows = await sql<{ stream: string }[]>`
    WITH RECURSIVE s(stream, n) AS (
      (SELECT stream, 1 FROM events
        WHERE stream > coalesce(${options.after}::text, '') AND starts_with(stream, ${prefix}::text)
        ORDER BY stream LIMIT 1)
      UNION ALL
      SELECT (SELECT e.stream FROM events e
               WHERE e.stream > s.stream AND starts_with(e.stream, ${prefix}::text)
               ORDER BY e.stream LIMIT 1), s.n + 1
        FROM s WHERE s.stream IS NOT NULL AND s.n < ${options.limit}::integer
    )
    SELECT stream FROM s WHERE stream IS NOT NULL LIMIT ${options.limit}::integer`;
  return rows.map((r) => r.stream);
}
