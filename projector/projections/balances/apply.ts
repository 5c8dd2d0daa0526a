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
import { type EffectTable, loadEffects, saveEffects, storedKeys } from "../_entry_effects.ts";
import { saveHandles } from "./handles.ts";
import type { Effect } from "@kopek/domain";
import { balancesState, decodeEffect, encodeEffect, foldBalances, type PairDelta } from "./fold.ts";

const EFFECTS: EffectTable<Effect> = {
  table: "rm_balance_effects",
  groups: "rm_balance_groups",
  entryIdOf,
  encode: encodeEffect,
  decode: decodeEffect,
};

async function apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const loaded = await loadEffects(tx, EFFECTS, events);
  const stored = storedKeys(loaded);
  const state = foldBalances(balancesState(loaded), events);
  const effects = [...state.dirtyEffects].map((k) => state.effects.get(k)!);
  await saveEffects(tx, EFFECTS, state.currencies, effects, stored);
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
  await savePairs(tx, state.pairs, state.simplify);
  await saveHandles(tx, state.handles);
}

/** Adds the pair deltas and stores the simplification settings, in bulk. */
async function savePairs(
  tx: TransactionSql,
  pairs: ReadonlyMap<string, PairDelta>,
  simplify: ReadonlyMap<string, boolean>,
): Promise<void> {
  const changed = [...pairs.values()].filter((p) => p.amount !== 0n);
  if (changed.length > 0) {
    await tx`
      INSERT INTO rm_balance_pairs (group_id, lo, hi, amount)
      SELECT * FROM unnest(
        ${textArray(tx, changed.map((p) => p.groupId))}::uuid[],
        ${textArray(tx, changed.map((p) => p.lo))}::uuid[],
        ${textArray(tx, changed.map((p) => p.hi))}::uuid[],
        ${textArray(tx, changed.map((p) => p.amount))}::bigint[])
      ON CONFLICT (group_id, lo, hi) DO UPDATE SET amount = rm_balance_pairs.amount + EXCLUDED.amount`;
  }
  const groups = [...simplify];
  if (groups.length > 0) {
    await tx`
      UPDATE rm_balance_groups g SET simplify_debts = s.simplify
      FROM unnest(${textArray(tx, groups.map((g) => g[0]))}::uuid[],
                  ${textArray(tx, groups.map((g) => g[1]))}::boolean[]) AS s(group_id, simplify)
      WHERE g.group_id = s.group_id`;
  }
}

/**
 * Balances per group and member (`rm_balances`, `rm_balance_effects`, `rm_balance_groups`), and
 * each pair's net debt (`rm_balance_pairs`) and members' payment handles (`rm_payment_handles`).
 */
export const balancesProjection: Projection = {
  name: "balances",
  tables: [
    "rm_balance_groups",
    "rm_balances",
    "rm_balance_effects",
    "rm_balance_pairs",
    "rm_payment_handles",
  ],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
