/**
 * The monthly reports projection: bulk load of the touched expense effects,
 * pure fold, additive bulk upsert of the month cells.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import {
  decodeReportEffect,
  encodeReportEffect,
  foldReports,
  type ReportEffectRow,
  reportsState,
} from "./fold.ts";

function expenseIdOf(e: GroupEnvelope): string | null {
  const d = e.event.data as { expenseId?: string };
  return d.expenseId ?? null;
}

async function loadEffects(
  tx: TransactionSql,
  events: readonly GroupEnvelope[],
): Promise<ReportEffectRow[]> {
  const keys = new Map<string, [string, string]>();
  for (const e of events) {
    const id = expenseIdOf(e);
    if (id !== null) keys.set(`${e.groupId}/${id}`, [e.groupId, id]);
  }
  if (keys.size === 0) return [];
  const pairs = [...keys.values()];
  const rows = await tx<{
    groupId: string;
    entryId: string;
    revision: number;
    voided: boolean;
    effect: string;
  }[]>`
    SELECT f.group_id::text AS "groupId", f.entry_id::text AS "entryId", f.revision, f.voided,
           f.effect
    FROM rm_report_effects f
    JOIN unnest(${textArray(tx, pairs.map((p) => p[0]))}::uuid[],
                ${textArray(tx, pairs.map((p) => p[1]))}::uuid[]) AS k(g, e)
      ON f.group_id = k.g AND f.entry_id = k.e`;
  return rows.map((r) => ({ ...r, effect: decodeReportEffect(r.effect) }));
}

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const state = foldReports(reportsState(await loadEffects(tx, events)), events);
  if (state.currencies.size > 0) {
    const groups = [...state.currencies];
    await tx`
      INSERT INTO rm_report_groups (group_id, currency)
      SELECT * FROM unnest(${textArray(tx, groups.map((g) => g[0]))}::uuid[],
                           ${textArray(tx, groups.map((g) => g[1]))}::text[])
      ON CONFLICT (group_id) DO UPDATE SET currency = EXCLUDED.currency`;
  }
  const effects = [...state.dirtyEffects].map((k) => state.effects.get(k)!);
  if (effects.length > 0) {
    await tx`
      INSERT INTO rm_report_effects (group_id, entry_id, revision, voided, effect)
      SELECT * FROM unnest(
        ${textArray(tx, effects.map((f) => f.groupId))}::uuid[],
        ${textArray(tx, effects.map((f) => f.entryId))}::uuid[],
        ${textArray(tx, effects.map((f) => f.revision))}::integer[],
        ${textArray(tx, effects.map((f) => f.voided))}::boolean[],
        ${textArray(tx, effects.map((f) => encodeReportEffect(f.effect)))}::text[])
      ON CONFLICT (group_id, entry_id) DO UPDATE SET
        revision = EXCLUDED.revision, voided = EXCLUDED.voided, effect = EXCLUDED.effect`;
  }
  const deltas = [...state.deltas.values()].filter((d) => d.amount !== 0n);
  if (deltas.length > 0) {
    await tx`
      INSERT INTO rm_report_totals (group_id, month, kind, key, amount)
      SELECT * FROM unnest(
        ${textArray(tx, deltas.map((d) => d.groupId))}::uuid[],
        ${textArray(tx, deltas.map((d) => d.month))}::text[],
        ${textArray(tx, deltas.map((d) => d.kind))}::text[],
        ${textArray(tx, deltas.map((d) => d.key))}::text[],
        ${textArray(tx, deltas.map((d) => d.amount))}::bigint[])
      ON CONFLICT (group_id, month, kind, key) DO UPDATE SET
        amount = rm_report_totals.amount + EXCLUDED.amount`;
  }
}

/** Monthly reports per group (`rm_report_groups`, `rm_report_totals`, `rm_report_effects`). */
export const reportsProjection: Projection = {
  name: "reports",
  tables: ["rm_report_groups", "rm_report_totals", "rm_report_effects"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
