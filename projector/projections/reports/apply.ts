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
import { type EffectTable, loadEffects, saveEffects, storedKeys } from "../_entry_effects.ts";
import {
  decodeReportEffect,
  encodeReportEffect,
  foldReports,
  type ReportEffect,
  reportsState,
} from "./fold.ts";

const EFFECTS: EffectTable<ReportEffect> = {
  table: "rm_report_effects",
  groups: "rm_report_groups",
  entryIdOf: (e) => (e.event.data as { expenseId?: string }).expenseId ?? null,
  encode: encodeReportEffect,
  decode: decodeReportEffect,
};

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const loaded = await loadEffects(tx, EFFECTS, events);
  const stored = storedKeys(loaded);
  const state = foldReports(reportsState(loaded), events);
  const effects = [...state.dirtyEffects].map((k) => state.effects.get(k)!);
  await saveEffects(tx, EFFECTS, state.currencies, effects, stored);
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
