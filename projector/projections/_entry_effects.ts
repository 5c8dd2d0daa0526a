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
import { key2, textArray } from "../_sql.ts";
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

/** The keys (`group/entry`) of loaded effects: the rows {@linkcode saveEffects} updates rather than inserts. */
export function storedKeys(rows: readonly EffectRow<unknown>[]): Set<string> {
  return new Set(rows.map((r) => key2(r.groupId, r.entryId)));
}

/**
 * Upserts the groups' currencies and writes the changed effects, in bulk:
 * one plain INSERT of the effects that were not stored and one UPDATE of
 * those that were (`stored`, the keys {@linkcode loadEffects} found under the
 * batch's lock), cheaper for the server than `INSERT … ON CONFLICT DO UPDATE`
 * (ADR 0064).
 */
export async function saveEffects<E>(
  tx: TransactionSql,
  t: EffectTable<E>,
  currencies: Iterable<[string, string]>,
  effects: readonly EffectRow<E>[],
  stored: ReadonlySet<string>,
): Promise<void> {
  const groups = [...currencies];
  if (groups.length > 0) {
    await tx`
      INSERT INTO ${tx(t.groups)} (group_id, currency)
      SELECT * FROM unnest(${textArray(tx, groups.map((g) => g[0]))}::uuid[],
                           ${textArray(tx, groups.map((g) => g[1]))}::text[])
      ON CONFLICT (group_id) DO UPDATE SET currency = EXCLUDED.currency`;
  }
  const fresh: EffectRow<E>[] = [];
  const known: EffectRow<E>[] = [];
  for (const f of effects) (stored.has(key2(f.groupId, f.entryId)) ? known : fresh).push(f);
  if (fresh.length > 0) {
    await tx`
      INSERT INTO ${tx(t.table)} (group_id, entry_id, revision, voided, effect)
      SELECT * FROM unnest(
        ${textArray(tx, fresh.map((f) => f.groupId))}::uuid[],
        ${textArray(tx, fresh.map((f) => f.entryId))}::uuid[],
        ${textArray(tx, fresh.map((f) => f.revision))}::integer[],
        ${textArray(tx, fresh.map((f) => f.voided))}::boolean[],
        ${textArray(tx, fresh.map((f) => t.encode(f.effect)))}::text[])`;
  }
  if (known.length > 0) {
    await tx`
      UPDATE ${tx(t.table)} f
      SET revision = u.revision, voided = u.voided, effect = u.effect
      FROM unnest(
        ${textArray(tx, known.map((f) => f.groupId))}::uuid[],
        ${textArray(tx, known.map((f) => f.entryId))}::uuid[],
        ${textArray(tx, known.map((f) => f.revision))}::integer[],
        ${textArray(tx, known.map((f) => f.voided))}::boolean[],
        ${textArray(tx, known.map((f) => t.encode(f.effect)))}::text[])
        AS u(group_id, entry_id, revision, voided, effect)
      WHERE f.group_id = u.group_id AND f.entry_id = u.entry_id`;
  }
}
