/**
 * The quarantine tables (ADR 0016): `projector_quarantine`, the streams a
 * projection cannot apply, and `projector_skipped_events`, the events
 * operators decided a projection ignores. The live schema has both; a build
 * schema (rebuild, replay) has its own `projector_quarantine` beside its
 * read models, and honours the live skip decisions.
 *
 * @module
 */
import { groupStream } from "@kopek/domain";
import type { Sql, TransactionSql } from "@kopek/platform";
import { textArray } from "./_sql.ts";

/** The tables a batch's quarantine bookkeeping goes to (identifiers, schema-qualified or not). */
export interface QuarantineTables {
  /** Where this schema's quarantined streams are recorded. */
  readonly quarantine: string;
  /** The operators' skip decisions (the live table, whatever the schema). */
  readonly skipped: string;
}

/** The live tables, unqualified: they resolve through the pool's search path. */
export const LIVE_QUARANTINE: QuarantineTables = Object.freeze({
  quarantine: "projector_quarantine",
  skipped: "projector_skipped_events",
});

/** The tables of a build schema: its own quarantine, the live skip decisions. */
export function buildQuarantineTables(schema: string, liveSchema: string): QuarantineTables {
  return {
    quarantine: `${schema}.projector_quarantine`,
    skipped: `${liveSchema}.projector_skipped_events`,
  };
}

/** A stream a projection cannot apply, and the event it stopped at. */
export interface QuarantinedStream {
  readonly projection: string;
  readonly stream: string;
  readonly groupId: string;
  readonly position: number;
  readonly version: number;
  readonly eventId: string;
  readonly eventType: string;
  /** A bounded one-line message. */
  readonly error: string;
  /** PostgreSQL's SQLSTATE, when it raised the error. */
  readonly sqlstate: string | null;
}

/** A row of `projector_quarantine`. */
export interface QuarantineEntry extends QuarantinedStream {
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly attempts: number;
}

/** What a projection leaves out of a batch: quarantined streams and skipped events. */
export interface Exclusions {
  /** Group ids of the streams quarantined for the projection. */
  readonly quarantined: ReadonlySet<string>;
  /** Positions of the events operators skipped for the projection. */
  readonly skipped: ReadonlySet<number>;
}

/**
 * The batch's streams that are quarantined for the projection and the
 * skipped events among them, in one statement. Read inside the batch's
 * transaction, under the projection's lock: a retry or a skip changes them
 * under the same lock.
 */
export async function loadExclusions(
  tx: TransactionSql,
  tables: QuarantineTables,
  projection: string,
  groupIds: readonly string[],
): Promise<Exclusions> {
  if (groupIds.length === 0) return { quarantined: new Set(), skipped: new Set() };
  const streams = textArray(tx, groupIds.map(groupStream));
  const rows = await tx<{ kind: "q" | "s"; groupId: string; position: string }[]>`
    SELECT 'q' AS kind, group_id AS "groupId", position::text AS position
    FROM ${tx(tables.quarantine)}
    WHERE projection = ${projection} AND stream = ANY(${streams}::text[])
    UNION ALL
    SELECT 's', '', position::text FROM ${tx(tables.skipped)}
    WHERE projection = ${projection} AND stream = ANY(${streams}::text[])`;
  return {
    quarantined: new Set(rows.filter((r) => r.kind === "q").map((r) => r.groupId)),
    skipped: new Set(rows.filter((r) => r.kind === "s").map((r) => Number(r.position))),
  };
}

/** Records quarantined streams (a stream already recorded keeps its row). */
export async function recordQuarantine(
  tx: TransactionSql,
  tables: QuarantineTables,
  streams: readonly QuarantinedStream[],
): Promise<void> {
  if (streams.length === 0) return;
  const col = <K extends keyof QuarantinedStream>(k: K) => textArray(tx, streams.map((s) => s[k]));
  await tx`
    INSERT INTO ${tx(tables.quarantine)}
      (projection, stream, group_id, position, version, event_id, event_type, error, sqlstate)
    SELECT * FROM unnest(${col("projection")}::text[], ${col("stream")}::text[],
      ${col("groupId")}::text[], ${col("position")}::bigint[], ${col("version")}::integer[],
      ${col("eventId")}::uuid[], ${col("eventType")}::text[], ${col("error")}::text[],
      ${col("sqlstate")}::text[])
    ON CONFLICT (projection, stream) DO NOTHING`;
}

interface EntryRow {
  projection: string;
  stream: string;
  groupId: string;
  position: string;
  version: number;
  eventId: string;
  eventType: string;
  error: string;
  sqlstate: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  attempts: number;
}

function toEntry(r: EntryRow): QuarantineEntry {
  return { ...r, position: Number(r.position) };
}

/** Selects the columns of an entry from `projector_quarantine` (alias `q`). */
function entryColumns(sql: Sql | TransactionSql) {
  return sql`
    q.projection, q.stream, q.group_id AS "groupId", q.position::text AS position, q.version,
    q.event_id::text AS "eventId", q.event_type AS "eventType", q.error, q.sqlstate,
    q.first_seen_at AS "firstSeenAt", q.last_seen_at AS "lastSeenAt", q.attempts`;
}

/** Every quarantined stream of a schema's table (default the live one), by projection and stream. */
export async function listQuarantine(
  sql: Sql | TransactionSql,
  table: string = LIVE_QUARANTINE.quarantine,
): Promise<QuarantineEntry[]> {
  const rows = await sql<EntryRow[]>`
    SELECT ${entryColumns(sql)} FROM ${sql(table)} q ORDER BY q.projection, q.stream`;
  return rows.map(toEntry);
}

/**
 * Removes a stream's quarantine for a projection and answers what it was
 * (null when it was not quarantined). Inside a transaction that holds the
 * projection's lock.
 */
export async function liftQuarantine(
  tx: TransactionSql,
  projection: string,
  stream: string,
): Promise<QuarantineEntry | null> {
  const [row] = await tx<EntryRow[]>`
    DELETE FROM projector_quarantine q WHERE q.projection = ${projection} AND q.stream = ${stream}
    RETURNING ${entryColumns(tx)}`;
  return row ? toEntry(row) : null;
}

/** How many streams are quarantined: the seam of `/readyz` and of metrics. */
export interface QuarantineSummary {
  /** Distinct streams quarantined for at least one projection. */
  readonly streams: number;
  /** Quarantined streams per projection (projections with none are absent). */
  readonly byProjection: Readonly<Record<string, number>>;
}

/** Counts the live quarantine, in one statement. */
export async function quarantineSummary(sql: Sql | TransactionSql): Promise<QuarantineSummary> {
  const rows = await sql<{ projection: string | null; n: number }[]>`
    SELECT projection, count(*)::int AS n FROM projector_quarantine GROUP BY projection
    UNION ALL
    SELECT NULL, count(DISTINCT stream)::int FROM projector_quarantine`;
  const byProjection: Record<string, number> = {};
  let streams = 0;
  for (const r of rows) {
    if (r.projection === null) streams = r.n;
    else byProjection[r.projection] = r.n;
  }
  return { streams, byProjection };
}

/**
 * Moves a build's quarantine into the live table for the projections it
 * built, inside the swap's transaction: the live rows of those projections
 * are replaced by the build's (a stream the build applied is no longer
 * quarantined; one quarantined again at the same event keeps its first-seen
 * time and attempts).
 */
export async function adoptBuildQuarantine(
  tx: TransactionSql,
  buildTable: string,
  projections: readonly string[],
): Promise<void> {
  const names = tx.array([...projections], 25);
  await tx`
    INSERT INTO projector_quarantine AS q
      (projection, stream, group_id, position, version, event_id, event_type, error, sqlstate,
       first_seen_at, last_seen_at, attempts)
    SELECT projection, stream, group_id, position, version, event_id, event_type, error, sqlstate,
           first_seen_at, last_seen_at, attempts
    FROM ${tx(buildTable)} WHERE projection = ANY(${names}::text[])
    ON CONFLICT (projection, stream) DO UPDATE SET
      group_id = EXCLUDED.group_id, position = EXCLUDED.position, version = EXCLUDED.version,
      event_id = EXCLUDED.event_id, event_type = EXCLUDED.event_type, error = EXCLUDED.error,
      sqlstate = EXCLUDED.sqlstate, last_seen_at = EXCLUDED.last_seen_at,
      first_seen_at = CASE WHEN q.position = EXCLUDED.position THEN q.first_seen_at
                           ELSE EXCLUDED.first_seen_at END,
      attempts = CASE WHEN q.position = EXCLUDED.position THEN q.attempts
                      ELSE EXCLUDED.attempts END`;
  await tx`
    DELETE FROM projector_quarantine q
    WHERE q.projection = ANY(${names}::text[])
      AND NOT EXISTS (SELECT 1 FROM ${tx(buildTable)} b
                      WHERE b.projection = q.projection AND b.stream = q.stream)`;
}
