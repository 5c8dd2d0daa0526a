/**
 * The recurrences projection (ADR 0051): loads the rows a batch touches (and,
 * for a group whose time zone changes, its recurrences not stopped), folds,
 * and writes back each changed row with its next due instant.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { key2, textArray } from "../../_sql.ts";
import { foldRecurrences, nextDue, type RecurrencesState, type StoredRecurrence } from "./fold.ts";

async function load(tx: TransactionSql, events: readonly GroupEnvelope[]) {
  const groups = new Set<string>();
  const rezoned = new Set<string>();
  const ids = new Set<string>();
  for (const { groupId, event } of events) {
    if (event.type === "GroupTimeZoneChanged") {
      groups.add(groupId);
      rezoned.add(groupId);
    } else if (event.type.startsWith("Recurrence")) {
      groups.add(groupId);
      ids.add((event.data as { recurrenceId: string }).recurrenceId);
    }
  }
  const state: RecurrencesState = {
    recurrences: new Map(),
    zones: new Map(),
    changed: new Set(),
    zonesChanged: new Set(),
  };
  if (groups.size === 0) return state;
  const rows = await tx<
    { groupId: string; recurrenceId: string; state: StoredRecurrence; position: string }[]
  >`
    SELECT group_id::text AS "groupId", recurrence_id::text AS "recurrenceId", state,
           position::text AS position
    FROM rm_recurrences
    WHERE group_id = ANY(${textArray(tx, [...groups])}::uuid[])
      AND (recurrence_id = ANY(${textArray(tx, [...ids])}::uuid[])
        OR (group_id = ANY(${textArray(tx, [...rezoned])}::uuid[]) AND status <> 'stopped'))`;
  for (const r of rows) {
    state.recurrences.set(key2(r.groupId, r.recurrenceId), { ...r, position: Number(r.position) });
  }
  const zones = await tx<{ groupId: string; timeZone: string; position: string }[]>`
    SELECT group_id::text AS "groupId", time_zone AS "timeZone", position::text AS position
    FROM rm_group_time_zones WHERE group_id = ANY(${textArray(tx, [...groups])}::uuid[])`;
  for (const z of zones) {
    state.zones.set(z.groupId, { timeZone: z.timeZone, position: Number(z.position) });
  }
  return state;
}

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  const state = await load(tx, events);
  foldRecurrences(state, events);
  for (const g of state.zonesChanged) {
    const z = state.zones.get(g)!;
    await tx`
      INSERT INTO rm_group_time_zones (group_id, time_zone, position)
      VALUES (${g}::uuid, ${z.timeZone}, ${z.position})
      ON CONFLICT (group_id) DO UPDATE SET time_zone = EXCLUDED.time_zone,
        position = EXCLUDED.position`;
    for (const [k, r] of state.recurrences) if (r.groupId === g) state.changed.add(k);
  }
  const rows = [...state.changed].map((k) => state.recurrences.get(k)!);
  if (rows.length === 0) return;
  const due = rows.map((r) => {
    const ms = nextDue(r.recurrenceId, r.state, state.zones.get(r.groupId)?.timeZone ?? "UTC");
    return ms === null ? null : new Date(ms).toISOString();
  });
  await tx`
    INSERT INTO rm_recurrences (group_id, recurrence_id, state, status, next_due, position)
    SELECT g, r, s::jsonb, st, d, p FROM unnest(
      ${textArray(tx, rows.map((r) => r.groupId))}::uuid[],
      ${textArray(tx, rows.map((r) => r.recurrenceId))}::uuid[],
      ${textArray(tx, rows.map((r) => JSON.stringify(r.state)))}::text[],
      ${textArray(tx, rows.map((r) => r.state.status))}::text[],
      ${textArray(tx, due)}::timestamptz[],
      ${textArray(tx, rows.map((r) => r.position))}::bigint[]) AS t(g, r, s, st, d, p)
    ON CONFLICT (group_id, recurrence_id) DO UPDATE SET state = EXCLUDED.state,
      status = EXCLUDED.status, next_due = EXCLUDED.next_due, position = EXCLUDED.position`;
}

/** Recurring expenses and the groups' time zones (`rm_recurrences`, `rm_group_time_zones`). */
export const recurrencesProjection: Projection = {
  name: "recurrences",
  tables: ["rm_recurrences", "rm_group_time_zones"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
