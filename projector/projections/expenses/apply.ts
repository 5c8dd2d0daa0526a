/**
 * The expenses projection: bulk load, pure fold, bulk upsert.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import { entriesState, entryIdOf, type EntryRow, foldEntries } from "./fold.ts";

async function apply(tx: TransactionSql, all: readonly GroupEnvelope[]): Promise<void> {
  const keys = new Map<string, [string, string]>();
  const events: GroupEnvelope[] = [];
  for (const e of all) {
    const id = entryIdOf(e);
    if (id === null) continue;
    events.push(e);
    keys.set(`${e.groupId}/${id}`, [e.groupId, id]);
  }
  if (events.length === 0) return;
  const pairs = [...keys.values()];
  // The stored columns of a row (the event data is not read back), created_at as a Date.
  const loaded = await tx<
    (Omit<EntryRow, "createdAt" | "updatedAt" | "data"> & { createdAt: Date })[]
  >`
    SELECT r.group_id::text AS "groupId", r.entry_id::text AS "entryId", r.kind, r.revision,
           r.voided, r.date::text AS date, r.created_position AS "createdPosition",
           r.created_at AS "createdAt", r.description, r.category, r.note,
           r.member_ids::text[] AS "memberIds"
    FROM rm_entries r
    JOIN unnest(${textArray(tx, pairs.map((p) => p[0]))}::uuid[],
                ${textArray(tx, pairs.map((p) => p[1]))}::uuid[]) AS k(g, e)
      ON r.group_id = k.g AND r.entry_id = k.e`;
  const rows: EntryRow[] = loaded.map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: "",
    data: null,
  }));
  const state = foldEntries(entriesState(rows), events);
  const dirty = [...state.dirty].map((k) => state.rows.get(k)!);
  if (dirty.length === 0) return;
  // Two JSON parameters for the whole batch, parsed once each by the server,
  // in C: the scalar columns as records, and the event data as a plain array
  // zipped to them by ROWS FROM. Kept apart, the data (most of the bytes) is
  // parsed once: as a field of the records it would be parsed again as json.
  const records = JSON.stringify(dirty.map((r) => ({
    g: r.groupId,
    e: r.entryId,
    kind: r.kind,
    rev: r.revision,
    voided: r.voided,
    d: r.date,
    cp: r.createdPosition,
    ca: r.createdAt,
    ua: r.updatedAt,
    descr: r.description,
    cat: r.category,
    note: r.note,
    mids: r.memberIds,
  })));
  const data = JSON.stringify(dirty.map((r) => r.data));
  await tx`
    INSERT INTO rm_entries (group_id, entry_id, kind, revision, voided, date, created_position,
      created_at, updated_at, description, category, note, data, member_ids)
    SELECT g, e, kind, rev, voided, d, cp, ca, ua, descr, cat, note,
           CASE WHEN json_typeof(data) = 'null' THEN NULL ELSE data END, mids
    FROM ROWS FROM (
      json_to_recordset(${records}::text::json) AS (g uuid, e uuid, kind text, rev integer,
        voided boolean, d date, cp bigint, ca timestamptz, ua timestamptz, descr text, cat text,
        note text, mids uuid[]),
      json_array_elements(${data}::text::json)
    ) AS x(g, e, kind, rev, voided, d, cp, ca, ua, descr, cat, note, mids, data)
    ON CONFLICT (group_id, entry_id) DO UPDATE SET
      kind = EXCLUDED.kind, revision = EXCLUDED.revision, voided = EXCLUDED.voided,
      date = EXCLUDED.date, updated_at = EXCLUDED.updated_at,
      description = EXCLUDED.description, category = EXCLUDED.category, note = EXCLUDED.note,
      data = coalesce(EXCLUDED.data, rm_entries.data), member_ids = EXCLUDED.member_ids`;
}

/** Expenses and settlements (`rm_entries`). */
export const expensesProjection: Projection = {
  name: "expenses",
  tables: ["rm_entries"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
