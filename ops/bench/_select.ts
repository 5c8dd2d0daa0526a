/**
 * The plain reads the read rows are compared with: every column of the events, in order,
 * through a cursor (as the event store pages them), or a COPY of the same rows.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";

/**
 * Reads the events of `stream` (or of every stream, `"all"`) up to `until` (an RFC 3339 instant,
 * by their `at`), every column, in pages of 2,000; answers how many.
 */
export async function selectAll(
  sql: Sql,
  stream: string | "all",
  until?: string,
): Promise<number> {
  let n = 0;
  const rows = stream === "all"
    ? sql`SELECT position, id, stream, version, type, schema_version, data, metadata, hash,
               prev_hash, recorded_at FROM events ORDER BY position`
    : until === undefined
    ? sql`SELECT position, id, stream, version, type, schema_version, data, metadata, hash,
               prev_hash, recorded_at FROM events WHERE stream = ${stream} ORDER BY version`
    : sql`SELECT position, id, stream, version, type, schema_version, data, metadata, hash,
               prev_hash, recorded_at FROM events
           WHERE stream = ${stream} AND metadata->>'at' <= ${until} ORDER BY version`;
  for await (const page of rows.cursor(2_000)) n += page.length;
  return n;
}

/** `COPY (the events of stream) TO STDOUT` to nowhere; answers the bytes. */
export async function copyStream(sql: Sql, stream: string): Promise<number> {
  let bytes = 0;
  // COPY takes no parameters: the stream's name is a literal (the bench's own, quoted).
  const literal = `'${stream.replaceAll("'", "''")}'`;
  const readable = await sql.unsafe(`COPY (SELECT position, id, stream, version, type,
      schema_version, data, metadata, hash, prev_hash, recorded_at FROM events
      WHERE stream = ${literal} ORDER BY version) TO STDOUT`).readable();
  for await (const chunk of readable) bytes += (chunk as Uint8Array).length;
  return bytes;
}
