/**
 * The common append (one stream, one event, a known head) as one plain
 * statement, without PL/pgSQL; anything it does not settle goes through
 * `kopek_append`.
 *
 * @module
 */
import { inSpan, SpanKind, type Sql } from "@kopek/platform";
import type { Idempotency } from "../port.ts";
import { jsonLiteral } from "./_literal.ts";
import type { Answer, Claim, PreparedEvent } from "./_rows.ts";

/** The attributes of the insert's SQL span: the statement's shape, never its values. */
const SQL_INSERT = {
  "db.system.name": "postgresql",
  "db.operation.name": "INSERT",
  "db.query.summary": "INSERT events",
  "db.collection.name": "events",
};

/** The values of {@linkcode appendOneText}. */
interface AppendOneValues {
  id: string;
  stream: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
  hash: string;
  prevHash: string | null;
  claimVersion: number;
  claimHash: string | null;
  key: string | null;
  contentHash: string | null;
  streams: string;
  /** The answer's JSON text, kept with the key; null for none. */
  response: string | null;
}

/**
 * The single-event append as one statement with its values quoted inline,
 * for connections without prepared statements (no describe round trip).
 * Integers are safe integers by validation; every text goes through the
 * `E''` quoting of {@linkcode jsonLiteral}.
 */
function appendOneText(v: AppendOneValues): string {
  const t = (x: string | null) => (x === null ? "NULL::text" : `${jsonLiteral(x)}::text`);
  const n = (x: number) => {
    if (!Number.isSafeInteger(x)) throw new TypeError(`not an integer: ${x}`);
    return `${x}::integer`;
  };
  return `
    WITH head AS (
      SELECT h.version, h.hash FROM events h WHERE h.stream = ${t(v.stream)}
      ORDER BY h.version DESC LIMIT 1
    ), ins AS (
      INSERT INTO events
        (id, stream, version, type, schema_version, data, metadata, hash, prev_hash)
      SELECT ${t(v.id)}::uuid, ${t(v.stream)}, ${n(v.version)}, ${t(v.type)},
             ${n(v.schemaVersion)}, ${t(v.data)}::jsonb, ${t(v.metadata)}::jsonb,
             ${t(v.hash)}, ${t(v.prevHash)}
      WHERE coalesce((SELECT version FROM head), 0) = ${n(v.claimVersion)}
        AND (SELECT hash FROM head) IS NOT DISTINCT FROM ${t(v.claimHash)}
        AND (${t(v.key)} IS NULL
             OR NOT EXISTS (SELECT 1 FROM command_log c WHERE c.key = ${t(v.key)}))
      RETURNING position, tx_id
    ), logged AS (
      INSERT INTO command_log (key, content_hash, positions, streams, response)
      SELECT ${t(v.key)}, ${t(v.contentHash)}, ARRAY[ins.position], ${t(v.streams)}::jsonb,
             ${t(v.response)}::json
      FROM ins WHERE ${t(v.key)} IS NOT NULL
    )
    SELECT position, tx_id::text AS tx_id FROM ins`;
}

/**
 * One event on one stream in one statement, without PL/pgSQL: the insert
 * (and the idempotency key) happen only if the stream's head is still the
 * claimed one and the key is unknown. The head is read before the insert
 * assigns the transaction id, as in `kopek_append`. Answers null when
 * nothing was written (moved, or a known key): the caller then asks
 * `kopek_append`, which explains why. A lost race raises a unique
 * violation, as `kopek_append` would. With `inline`, the values are quoted
 * into the statement (connections without prepared statements).
 */
export async function appendOne(
  sql: Sql,
  inline: boolean,
  e: PreparedEvent,
  claim: Claim,
  idem: Idempotency | undefined,
  streams: { stream: string; version: number }[],
  response: string | null,
): Promise<Answer | null> {
  const v = {
    id: e.id,
    stream: e.stream,
    version: e.version,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: JSON.stringify(e.data),
    metadata: JSON.stringify(e.metadata),
    hash: e.hash,
    prevHash: e.prevHash,
    claimVersion: claim.version,
    claimHash: claim.hash,
    key: idem?.key ?? null,
    contentHash: idem?.contentHash ?? null,
    streams: JSON.stringify(streams),
    response,
  };
  const rows = await inSpan(
    "INSERT events",
    { kind: SpanKind.CLIENT, attributes: SQL_INSERT },
    async () =>
      inline
        ? await sql.unsafe<{ position: number; tx_id: string }[]>(appendOneText(v))
        : await sql<{ position: number; tx_id: string }[]>`
      WITH head AS (
        SELECT h.version, h.hash FROM events h WHERE h.stream = ${v.stream}::text
        ORDER BY h.version DESC LIMIT 1
      ), ins AS (
        INSERT INTO events
          (id, stream, version, type, schema_version, data, metadata, hash, prev_hash)
        SELECT ${v.id}::uuid, ${v.stream}::text, ${v.version}::integer, ${v.type}::text,
               ${v.schemaVersion}::integer, ${v.data}::text::jsonb, ${v.metadata}::text::jsonb,
               ${v.hash}::text, ${v.prevHash}::text
        WHERE coalesce((SELECT version FROM head), 0) = ${v.claimVersion}::integer
          AND (SELECT hash FROM head) IS NOT DISTINCT FROM ${v.claimHash}::text
          AND (${v.key}::text IS NULL
               OR NOT EXISTS (SELECT 1 FROM command_log c WHERE c.key = ${v.key}::text))
        RETURNING position, tx_id
      ), logged AS (
        INSERT INTO command_log (key, content_hash, positions, streams, response)
        SELECT ${v.key}::text, ${v.contentHash}::text, ARRAY[ins.position],
               ${v.streams}::text::jsonb, ${v.response}::text::json
        FROM ins WHERE ${v.key}::text IS NOT NULL
      )
      SELECT position, tx_id::text AS tx_id FROM ins`,
  );
  const [row] = rows;
  return row === undefined ? null : { status: "ok", txId: row.tx_id, positions: [row.position] };
}
