/**
 * Checkpoints: where each projection stands in the global order, and the
 * read-your-writes questions query-api asks about them.
 *
 * @module
 */
import type { Cursor } from "@kopek/eventstore";
import type { Sql, TransactionSql } from "@kopek/platform";
import { PROJECTION_NAMES } from "./projections/mod.ts";

/** A projection's checkpoint; `cursor` is null before its first event. */
export interface Checkpoint {
  readonly name: string;
  readonly cursor: Cursor | null;
}

/** The checkpoints of the named projections (rows are created by {@linkcode projectorMigrate}). */
export async function readCheckpoints(
  sql: Sql | TransactionSql,
  names: readonly string[] = PROJECTION_NAMES,
): Promise<Checkpoint[]> {
  const rows = await sql<{ name: string; txId: string | null; position: number }[]>`
    SELECT name, tx_id::text AS "txId", position FROM projector_checkpoints
    WHERE name = ANY(${sql.array([...names], 25)}::text[])`;
  return rows.map((r) => ({
    name: r.name,
    cursor: r.txId === null ? null : { txId: r.txId, position: r.position },
  }));
}

/** Moves a checkpoint (inside the batch's transaction). */
export async function writeCheckpoint(
  tx: TransactionSql,
  name: string,
  cursor: Cursor | null,
): Promise<void> {
  await tx`
    UPDATE projector_checkpoints
    SET tx_id = ${cursor?.txId ?? null}::xid8, position = ${cursor?.position ?? 0},
        updated_at = now()
    WHERE name = ${name}`;
}

/**
 * The positions, among those given, that every projection has applied: the
 * event exists (is committed and visible) and each checkpoint cursor is at or
 * after the event's cursor. Position 0 (nothing) always counts as applied.
 * One statement whatever the number of positions.
 */
export async function appliedPositions(
  sql: Sql | TransactionSql,
  positions: readonly number[],
  names: readonly string[] = PROJECTION_NAMES,
): Promise<Set<number>> {
  const applied = new Set<number>(positions.filter((p) => p <= 0));
  const wanted = [...new Set(positions.filter((p) => p > 0))];
  if (wanted.length === 0) return applied;
  const rows = await sql<{ position: number }[]>`
    SELECT e.position FROM events e
    WHERE e.position = ANY(${sql.array(wanted.map(String), 25)}::bigint[])
      AND (SELECT count(*) FROM projector_checkpoints c
           WHERE c.name = ANY(${sql.array([...names], 25)}::text[])
             AND c.tx_id IS NOT NULL
             AND (c.tx_id, c.position) >= (e.tx_id, e.position)) = ${names.length}`;
  for (const r of rows) applied.add(Number(r.position));
  return applied;
}

/**
 * Whether every projection has applied the event at `position` (its
 * checkpoint is at or after that event's cursor). A position with no
 * committed event is not applied; 0 is.
 */
export async function appliedThrough(
  sql: Sql | TransactionSql,
  position: number,
): Promise<boolean> {
  return (await appliedPositions(sql, [position])).has(position);
}

/**
 * The smallest checkpoint position across the projections: the position the
 * read models' data reflects, for the `Kopek-Position` header (0 before any).
 */
export async function checkpointPosition(
  sql: Sql | TransactionSql,
  names: readonly string[] = PROJECTION_NAMES,
): Promise<number> {
  const [row] = await sql<{ position: number | null }[]>`
    SELECT min(position) AS position FROM projector_checkpoints
    WHERE name = ANY(${sql.array([...names], 25)}::text[])`;
  return Number(row?.position ?? 0);
}

/** A cursor as a map key: projections at the same cursor share one read of the log. */
export function cursorKey(c: Cursor | null): string {
  return c === null ? "start" : `${c.txId}:${c.position}`;
}
