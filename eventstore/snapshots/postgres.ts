/**
 * The {@linkcode SnapshotStore} on PostgreSQL: the `snapshots` table
 * (migration `0007_snapshots.sql`), beside the log and never part of it.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import type { SnapshotStore } from "./port.ts";

interface Row {
  stream: string;
  fold: string;
  fold_version: number;
  version: number;
  position: string | number;
  hash: string;
  at_ms: string | number;
  state: string;
}

/** The snapshot store of a database whose event store migrations ran. */
export function createPostgresSnapshotStore(sql: Sql): SnapshotStore {
  return {
    async latest(q) {
      const maxAt = q.maxAtMs ?? null;
      const [row] = await sql<Row[]>`
        SELECT stream, fold, fold_version, version, position, hash, at_ms, state
        FROM snapshots
        WHERE stream = ${q.stream}::text AND fold = ${q.fold}::text
          AND fold_version = ${q.foldVersion}::integer
          AND (${maxAt}::bigint IS NULL OR at_ms <= ${maxAt}::bigint)
        ORDER BY version DESC
        LIMIT 1`;
      if (row === undefined) return null;
      return {
        stream: row.stream,
        fold: row.fold,
        foldVersion: row.fold_version,
        version: row.version,
        position: Number(row.position),
        hash: row.hash,
        atMs: Number(row.at_ms),
        state: row.state,
      };
    },
    async save(s) {
      await sql`
        INSERT INTO snapshots (stream, fold, fold_version, version, position, hash, at_ms, state)
        VALUES (${s.stream}::text, ${s.fold}::text, ${s.foldVersion}::integer,
                ${s.version}::integer, ${s.position}::bigint, ${s.hash}::text,
                ${s.atMs}::bigint, ${s.state}::text)
        ON CONFLICT DO NOTHING`;
      await sql`
        DELETE FROM snapshots
        WHERE stream = ${s.stream}::text AND fold = ${s.fold}::text
          AND fold_version <> ${s.foldVersion}::integer`;
    },
    async discard(s) {
      await sql`
        DELETE FROM snapshots
        WHERE stream = ${s.stream}::text AND fold = ${s.fold}::text
          AND fold_version = ${s.foldVersion}::integer AND version = ${s.version}::integer`;
    },
  };
}
