/**
 * The pure part of the entry-effect read models (balances, monthly reports):
 * each expense or settlement keeps the effect its current revision adds, so
 * that a new revision takes the previous one back before adding its own, and
 * a void takes it back. An event at or below the stored revision changes
 * nothing (replays never double-count). The models differ only in what an
 * effect is and how it is added (`apply`).
 *
 * @module
 */
import { key2 } from "../_sql.ts";

/** An entry's current effect on a read model. */
export interface EffectRow<E> {
  groupId: string;
  entryId: string;
  revision: number;
  voided: boolean;
  effect: E;
}

/** The effects a fold keeps, and those it changed (to write back). */
export interface EffectsState<E> {
  readonly effects: Map<string, EffectRow<E>>;
  readonly dirtyEffects: Set<string>;
}

/** Adds (`1n`) or takes back (`-1n`) an effect. */
export type ApplyEffect<E> = (effect: E, sign: 1n | -1n) => void;

/** A recorded or amended entry at `revision`: its previous effect out, `effect()` in. */
export function reviseEffect<E>(
  state: EffectsState<E>,
  entry: { groupId: string; entryId: string; revision: number },
  effect: () => E,
  apply: ApplyEffect<E>,
): void {
  const k = key2(entry.groupId, entry.entryId);
  const previous = state.effects.get(k);
  if (previous && entry.revision <= previous.revision) return;
  if (previous && !previous.voided) apply(previous.effect, -1n);
  const next = effect();
  apply(next, 1n);
  state.effects.set(k, { ...entry, voided: false, effect: next });
  state.dirtyEffects.add(k);
}

/** A voided entry at `revision`: its effect out. */
export function voidEffect<E>(
  state: EffectsState<E>,
  entry: { groupId: string; entryId: string; revision: number },
  apply: ApplyEffect<E>,
): void {
  const k = key2(entry.groupId, entry.entryId);
  const previous = state.effects.get(k);
  if (!previous || entry.revision <= previous.revision) return;
  if (!previous.voided) apply(previous.effect, -1n);
  previous.voided = true;
  previous.revision = entry.revision;
  state.dirtyEffects.add(k);
}
