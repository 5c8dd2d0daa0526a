/**
 * The balances projection: bulk load of the touched effects, pure fold,
 * additive bulk upsert of the member totals.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import { entryIdOf } from "../expenses/fold.ts";
import { balancesState, decodeEffect, type EffectRow, encodeEffect, foldBalances } from "./fold.ts";

async function loadEffects(tx: TransactionSql, events: readonly GroupEnvelope[]) {
  const keys = new Map<string, [string, string]>();
  for (const e of events) {
    const id = entryIdOf(e);
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
    FROM rm_balance_effects f
    JOIN unnest(${textArray(tx, pairs.map((p) => p[0]))}::uuid[],
                ${textArray(tx, pairs.map((p) => p[1]))}::uuid[]) AS k(g, e)
      ON f.group_id = k.g AND f.entry_id = k.e`;
  return rows.map((r): EffectRow => ({
    groupId: r.groupId,
    entryId: r.entryId,
    revision: r.revision,
    voided: r.voided,
    effect: decodeEffect(r.effect),
  }));
}

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const state = foldBalances(balancesState(await loadEffects(tx, events)), events);
  if (state.currencies.size > 0) {
    const groups = [...state.currencies];
    await tx`
      INSERT INTO rm_balance_groups (group_id, currency)
      SELECT * FROM unnest(${textArray(tx, groups.map((g) => g[0]))}::uuid[],
                           ${textArray(tx, groups.map((g) => g[1]))}::text[])
      ON CONFLICT (group_id) DO UPDATE SET currency = EXCLUDED.currency`;
  }
  const effects = [...state.dirtyEffects].map((k) => state.effects.get(k)!);
  if (effects.length > 0) {
    await tx`
      INSERT INTO rm_balance_effects (group_id, entry_id, revision, voided, effect)
      SELECT * FROM unnest(
        ${textArray(tx, effects.map((f) => f.groupId))}::uuid[],
        ${textArray(tx, effects.map((f) => f.entryId))}::uuid[],
        ${textArray(tx, effects.map((f) => f.revision))}::integer[],
        ${textArray(tx, effects.map((f) => f.voided))}::boolean[],
        ${textArray(tx, effects.map((f) => encodeEffect(f.effect)))}::text[])
      ON CONFLICT (group_id, entry_id) DO UPDATE SET
        revision = EXCLUDED.revision, voided = EXCLUDED.voided, effect = EXCLUDED.effect`;
  }
  const deltas = [...state.deltas.values()];
  if (deltas.length > 0) {
    await tx`
      INSERT INTO rm_balances (group_id, member_id, joined_version, paid, owed)
      SELECT * FROM unnest(
        ${textArray(tx, deltas.map((d) => d.groupId))}::uuid[],
        ${textArray(tx, deltas.map((d) => d.memberId))}::uuid[],
        ${textArray(tx, deltas.map((d) => d.joinedVersion))}::integer[],
        ${textArray(tx, deltas.map((d) => d.paid))}::bigint[],
        ${textArray(tx, deltas.map((d) => d.owed))}::bigint[])
      ON CONFLICT (group_id, member_id) DO UPDATE SET
        joined_version = coalesce(rm_balances.joined_version, EXCLUDED.joined_version),
        paid = rm_balances.paid + EXCLUDED.paid,
        owed = rm_balances.owed + EXCLUDED.owed`;
  }
}

/** Balances per group and member (`rm_balances`, `rm_balance_effects`, `rm_balance_groups`). */
export const balancesProjection: Projection = {
  name: "balances",
  tables: ["rm_balance_groups", "rm_balances", "rm_balance_effects"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
