/**
 * The stored effect of each expense or settlement, for the additive read
 * models (balances, monthly reports): what an entry currently adds, kept so
 * that an amend or a void can take it back exactly. Each of those models has
 * its own table of effects (`group_id, entry_id, revision, voided, effect`,
 * the effect encoded as text) and of group currencies; this is their bulk
 * load and upsert.
 *
 * @module
 */
import type { TransactionSql } from "../_deps.ts";
import type { GroupEnvelope } from "../envelope.ts";
import { textArray } from "../_sql.ts";
import type { EffectRow } from "./_effects_fold.ts";

/** How one read model stores its effects. */
export interface EffectTable<E> {
  /** The effects table, e.g. `rm_balance_effects`. */
  readonly table: string;
  /** The group-currency table, e.g. `rm_balance_groups`. */
  readonly groups: string;
  /** The entry an event is about, or null (events the model ignores). */
  entryIdOf(e: GroupEnvelope): string | null;
  encode(effect: E): string;
  decode(text: string): E;
}

/** The stored effects of the entries a batch touches, in one query. */
export async function loadEffects<E>(
  tx: TransactionSql,
  t: EffectTable<E>,
  events: readonly GroupEnvelope[],
): Promise<EffectRow<E>[]> {
  const keys = new Map<string, [string, string]>();
  for (const e of events) {
    const id = t.entryIdOf(e);
    if (id !== null) keys.set(`${e.groupId}/${id}`, [e.groupId, id]);
  }
  if (keys.size === 0) return [];
  const pairs = [...keys.values()];
  const rows = await tx<Omit<EffectRow<string>, never>[]>`
    SELECT f.group_id::text AS "groupId", f.entry_id::text AS "entryId", f.revision, f.voided,
           f.effect
    FROM ${tx(t.table)} f
    JOIN unnest(${textArray(tx, pairs.map((p) => p[0]))}::uuid[],
                ${textArray(tx, pairs.map((p) => p[1]))}::uuid[]) AS k(g, e)
      ON f.group_id = k.g AND f.entry_id = k.e`;
  return rows.map((r) => ({ ...r, effect: t.decode(r.effect) }));
}

/** Upserts the groups' currencies and the changed effects, in bulk. */
export async function saveEffects<E>(
  tx: TransactionSql,
  t: EffectTable<E>,
  currencies: Iterable<[string, string]>,
  effects: readonly EffectRow<E>[],
): Promise<void> {
  const groups = [...currencies];
  if (groups.length > 0) {
    await tx`
      INSERT INTO ${tx(t.groups)} (group_id, currency)
      SELECT * FROM unnest(${textArray(tx, groups.map((g) => g[0]))}::uuid[],
                           ${textArray(tx, groups.map((g) => g[1]))}::text[])
      ON CONFLICT (group_id) DO UPDATE SET currency = EXCLUDED.currency`;
  }
  if (effects.length > 0) {
    await tx`
      INSERT INTO ${tx(t.table)} (group_id, entry_id, revision, voided, effect)
      SELECT * FROM unnest(
        ${textArray(tx, effects.map((f) => f.groupId))}::uuid[],
        ${textArray(tx, effects.map((f) => f.entryId))}::uuid[],
        ${textArray(tx, effects.map((f) => f.revision))}::integer[],
        ${textArray(tx, effects.map((f) => f.voided))}::boolean[],
        ${textArray(tx, effects.map((f) => t.encode(f.effect)))}::text[])
      ON CONFLICT (group_id, entry_id) DO UPDATE SET
        revision = EXCLUDED.revision, voided = EXCLUDED.voided, effect = EXCLUDED.effect`;
  }
}
