/**
 * From the names a parsed message uses to member ids: names are not unique in
 * a group (two active members may share one), so a name maps to an id only
 * when one active member has it, or when the user picked which. Pure.
 *
 * @module
 */
import type { Member } from "./kopek_api.ts";

/** True when `names` are all the active members' (the parser's "everyone"), duplicates included. */
export function isEveryone(names: readonly string[], members: readonly Member[]): boolean {
  const all = members.map((x) => x.name).sort();
  const given = [...names].sort();
  return all.length === given.length && all.every((name, i) => name === given[i]);
}

/**
 * Maps each name to the id of the one active member of that name, or of the
 * member picked for it; else names the first name that no active member has
 * (renamed or gone since) or that several have (the user is asked).
 */
export function resolveNames(
  members: readonly Member[],
  names: readonly string[],
  picked: Readonly<Record<string, string>>,
):
  | { readonly idOf: (name: string) => string }
  | { readonly missing: string }
  | { readonly ambiguous: string; readonly candidates: readonly Member[] } {
  const ids = new Map<string, string>();
  for (const name of names) {
    if (ids.has(name)) continue;
    const candidates = members.filter((x) => x.active && x.name === name);
    const chosen = candidates.find((x) => x.id === picked[name]);
    if (chosen) ids.set(name, chosen.id);
    else if (candidates.length === 1) ids.set(name, candidates[0].id);
    else if (candidates.length === 0) return { missing: name };
    else return { ambiguous: name, candidates };
  }
  return { idOf: (name) => ids.get(name)! };
}
