/**
 * The expenses projection: bulk load, pure fold, bulk upsert.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { key2, textArray } from "../../_sql.ts";
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
  const stored = new Set(rows.map((r) => key2(r.groupId, r.entryId)));
  const state = foldEntries(entriesState(rows), events);
  const fresh: EntryRow[] = [];
  const known: EntryRow[] = [];
  for (const k of state.dirty) (stored.has(k) ? known : fresh).push(state.rows.get(k)!);
  // A plain INSERT of the new rows and an UPDATE of the loaded ones: cheaper for the server than
  // INSERT … ON CONFLICT DO UPDATE (ADR 0064); the batch's lock keeps anyone else from adding one.
  if (fresh.length > 0) await insertEntries(tx, fresh);
  if (known.length > 0) await updateEntries(tx, known);
}

/**
 * Two JSON parameters for a set of rows, parsed once each by the server, in
 * C: the scalar columns as records, and the event data as a plain array
 * zipped to them by ROWS FROM. Kept apart, the data (most of the bytes) is
 * parsed once: as a field of the records it would be parsed again as json.
 */
function asJson(dirty: readonly EntryRow[]): { records: string; data: string } {
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
  return { records, data };
}

/** The rows of a set of entries, from {@linkcode asJson}'s parameters. */
function entryRows(tx: TransactionSql, { records, data }: { records: string; data: string }) {
  return tx`
    SELECT g, e, kind, rev, voided, d, cp, ca, ua, descr, cat, note,
           CASE WHEN json_typeof(data) = 'null' THEN NULL ELSE data END AS data, mids
    FROM ROWS FROM (
      json_to_recordset(${records}::text::json) AS (g uuid, e uuid, kind text, rev integer,
        voided boolean, d date, cp bigint, ca timestamptz, ua timestamptz, descr text, cat text,
        note text, mids uuid[]),
      json_array_elements(${data}::text::json)
    ) AS x(g, e, kind, rev, voided, d, cp, ca, ua, descr, cat, note, mids, data)`;
}

async function insertEntries(tx: TransactionSql, rows: readonly EntryRow[]): Promise<void> {
  await tx`
    INSERT INTO rm_entries (group_id, entry_id, kind, revision, voided, date, created_position,
      created_at, updated_at, description, category, note, data, member_ids)
    ${entryRows(tx, asJson(rows))}`;
}

async function updateEntries(tx: TransactionSql, rows: readonly EntryRow[]): Promise<void> {
  await tx`
    UPDATE rm_entries r SET
      kind = x.kind, revision = x.rev, voided = x.voided, date = x.d, updated_at = x.ua,
      description = x.descr, category = x.cat, note = x.note,
      data = coalesce(x.data, r.data), member_ids = x.mids
    FROM (${entryRows(tx, asJson(rows))}) AS x
    WHERE r.group_id = x.g AND r.entry_id = x.e`;
}

/** Expenses and settlements (`rm_entries`). */
export const expensesProjection: Projection = {
  name: "expenses",
  tables: ["rm_entries"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
