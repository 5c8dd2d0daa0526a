/**
 * Typos of brands' and services' names of one word ("delaize" for Delhaize, "hipredino" for
 * HiperDino, "oragne" for Orange, "coels" for Coles): the last thing the category step asks, when
 * no word of the message has a category, so that a misspelt chain is not "other". Never a typo
 * rule for the whole message: with thousands of names, ordinary typos would land on them.
 *
 * @module
 */
import type { Category } from "@kopek/domain";
import { distance } from "../typos.ts";
import { allBrandNames } from "./brands.ts";

/** The shortest name read so: shorter ones are one edit from too many words. */
const SHORTEST = 5;

let index: ReadonlyMap<string, readonly string[]> | undefined;

/** Each word with one letter left out (and the word itself): the symmetric-delete keys. */
function deletes(word: string): string[] {
  return [word, ...Array.from(word, (_, k) => word.slice(0, k) + word.slice(k + 1))];
}

/** The names of one word of five letters or more, by their deletes; built on first use. */
function nameIndex(): ReadonlyMap<string, readonly string[]> {
  if (index !== undefined) return index;
  const map = new Map<string, string[]>();
  for (const name of allBrandNames().keys()) {
    if (name.length < SHORTEST || !/^\p{L}+$/u.test(name)) continue;
    for (const d of new Set(deletes(name))) map.set(d, [...(map.get(d) ?? []), name]);
  }
  index = map;
  return index;
}

/**
 * The category of the one brand's name of one word a key is one edit from (a letter left out,
 * added, changed or two swapped); `undefined` when none is, or several of different categories.
 *
 * @example
 * ```ts
 * nearBrandCategory("delaize"); // "groceries"
 * ```
 */
export function nearBrandCategory(key: string): Category | undefined {
  if (key.length < SHORTEST || !/^\p{L}+$/u.test(key)) return undefined;
  const names = allBrandNames();
  if (names.has(key)) return undefined;
  const found = new Set<string>();
  for (const d of deletes(key)) {
    for (const name of nameIndex().get(d) ?? []) {
      if (distance(key, name) === 1) found.add(name);
    }
  }
  const categories = new Set([...found].map((n) => names.get(n)));
  return categories.size === 1 ? [...categories][0] : undefined;
}
