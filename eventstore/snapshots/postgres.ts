/**
 * The {@linkcode SnapshotStore} on PostgreSQL: the `snapshots` and
 * `snapshot_parts` tables (migration `0007_snapshots.sql`), beside the log
 * and never part of it.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import type { SnapshotQuery, SnapshotStore } from "./port.ts";

interface Row {
  stream: string;
  fold: string;
  fold_version: number;
  version: number;
  position: string | number;
  hash: string;
  at_ms: string | number;
}

const place = (row: Row) => ({
  stream: row.stream,
  fold: row.fold,
  foldVersion: row.fold_version,
  version: row.version,
  position: Number(row.position),
  hash: row.hash,
  atMs: Number(row.at_ms),
});

/** The snapshot store of a database whose event store migrations ran. */
export function createPostgresSnapshotStore(sql: Sql): SnapshotStore {
  const where = (q: SnapshotQuery) => {
    const maxAt = q.maxAtMs ?? null;
    return sql`stream = ${q.stream}::text AND fold = ${q.fold}::text
      AND fold_version = ${q.foldVersion}::integer
      AND (${maxAt}::bigint IS NULL OR at_ms <= ${maxAt}::bigint)`;
  };
  return {
    async latest(q) {
      const [row] = await sql<(Row & { state: string })[]>`
        SELECT stream, fold, fold_version, version, position, hash, at_ms, state
        FROM snapshots WHERE ${where(q)}
        ORDER BY version DESC
        LIMIT 1`;
      return row === undefined ? null : { ...place(row), state: row.state };
    },
    async latestHead(q) {
      const [row] = await sql<(Row & { head: string })[]>`
        SELECT stream, fold, fold_version, version, position, hash, at_ms, head
        FROM snapshots WHERE ${where(q)} AND head IS NOT NULL
        ORDER BY version DESC
        LIMIT 1`;
      return row === undefined ? null : { ...place(row), head: row.head };
    },
    async parts(s, keys) {
      if (keys.length === 0) return new Map();
      // One primary-key lookup per key: with `key = ANY(…)` the planner (on a table without
      // statistics yet) scanned every part of the snapshot and filtered, O(entries).
      const rows = await sql<{ key: string; part: string | null }[]>`
        SELECT k AS key,
               (SELECT part FROM snapshot_parts
                WHERE stream = ${s.stream}::text AND fold = ${s.fold}::text
                  AND fold_version = ${s.foldVersion}::integer
                  AND version = ${s.version}::integer AND key = k) AS part
        FROM unnest(${keys as string[]}::text[]) AS k`;
      const out = new Map<string, string>();
      for (const r of rows) if (r.part !== null) out.set(r.key, r.part);
      return out;
    },
    async save(s) {
      await sql.begin(async (tx) => {
        const [inserted] = await tx`
          INSERT INTO snapshots
            (stream, fold, fold_version, version, position, hash, at_ms, state, head)
          VALUES (${s.stream}::text, ${s.fold}::text, ${s.foldVersion}::integer,
                  ${s.version}::integer, ${s.position}::bigint, ${s.hash}::text,
                  ${s.atMs}::bigint, ${s.state}::text, ${s.split?.head ?? null}::text)
          ON CONFLICT DO NOTHING
          RETURNING 1`;
        // Parts only with the row this transaction wrote: a second writer's are the same.
        if (inserted !== undefined && s.split !== undefined && s.split.parts.length > 0) {
          await tx`
            INSERT INTO snapshot_parts (stream, fold, fold_version, version, key, part)
            SELECT ${s.stream}::text, ${s.fold}::text, ${s.foldVersion}::integer,
                   ${s.version}::integer, k, p
            FROM unnest(${s.split.parts.map(([k]) => k)}::text[],
                        ${s.split.parts.map(([, p]) => p)}::text[]) AS t(k, p)`;
        }
        await tx`
          DELETE FROM snapshots
          WHERE stream = ${s.stream}::text AND fold = ${s.fold}::text
            AND fold_version <> ${s.foldVersion}::integer`;
      });
    },
    async discard(s) {
      await sql`
        DELETE FROM snapshots
        WHERE stream = ${s.stream}::text AND fold = ${s.fold}::text
          AND fold_version = ${s.foldVersion}::integer AND version = ${s.version}::integer`;
    },
  };
}
