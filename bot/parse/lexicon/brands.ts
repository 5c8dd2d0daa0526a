/**
 * The brand lexicon (`brands.json`, built by `build_brands.ts` from the OpenStreetMap
 * name-suggestion-index): the built-in category of a shop, chain or operator named by one to four
 * words of a message ("Trader Joe's", "Billa", "Pharmaprix", "Wien Energie"). Pure.
 *
 * @module
 */
import type { Category } from "@kopek/domain";
import brands from "./brands.json" with { type: "json" };
import { keyOf } from "../text.ts";

/** A brand's name as the lexicon spells it: a key, apostrophes dropped, hyphens as spaces. */
export function brandKey(name: string): string {
  return keyOf(name).replace(/['’`´.]/g, "").replace(/[-_/&+,]+/g, " ").replace(/\s+/g, " ")
    .trim();
}

let table: ReadonlyMap<string, Category> | undefined;

function brandTable(): ReadonlyMap<string, Category> {
  table ??= new Map(
    Object.entries(brands.words as Record<string, string[]>).flatMap(([category, keys]) =>
      keys.map((k) => [k, category as Category] as const)
    ),
  );
  return table;
}

/** The longest brand name in the lexicon, in words. */
const LONGEST = 4;

/**
 * The category of the brand named by the words of `keys` from `at`, the longest name first, and
 * how many words it takes; `undefined` when no brand starts there. `minWords` leaves out names of
 * fewer words.
 */
export function brandAt(
  keys: readonly string[],
  at: number,
  minWords = 1,
): { category: Category; words: number } | undefined {
  const brands = brandTable();
  for (let n = Math.min(LONGEST, keys.length - at); n >= minWords; n--) {
    const category = brands.get(brandKey(keys.slice(at, at + n).join(" ")));
    if (category !== undefined) return { category, words: n };
  }
  return undefined;
}

/** How many names each category holds (for the ADR). */
export function brandSizes(): Record<string, number> {
  return Object.fromEntries(
    Object.entries(brands.words as Record<string, string[]>).map(([c, k]) => [c, k.length]),
  );
}
