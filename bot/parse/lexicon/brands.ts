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
import { serviceCategory, serviceNames } from "./services.ts";

/** A brand's name as the lexicon spells it: a key, apostrophes dropped, hyphens as spaces. */
export function brandKey(name: string): string {
  return keyOf(name).replace(/['’`´.]/g, "").replace(/[-_/&+,]+/g, " ").replace(/\s+/g, " ")
    .trim();
}

type Table = ReadonlyMap<string, Category>;

function tableOf(lists: Record<string, string[]>): Table {
  return new Map(
    Object.entries(lists).flatMap(([category, keys]) =>
      keys.map((k) => [k, category as Category] as const)
    ),
  );
}

let names: Table | undefined;
let ordinary: Table | undefined;

/** The brands' names, but those of one word that are ordinary words. */
function brandTable(): Table {
  names ??= tableOf(brands.words as Record<string, string[]>);
  return names;
}

/**
 * The category of a brand of one word that is also an ordinary word ("spar", "continente",
 * "oma"): the parser reads it last, when nothing else in the message says what was bought.
 */
export function ordinaryBrand(key: string): Category | undefined {
  return ordinaryTable().get(key);
}

/** A key as the lexicon spells it (a token's key has no capital and no accent already). */
function bare(key: string): string {
  return /['’`´.\-_/&+,]/.test(key)
    ? key.replace(/['’`´.]/g, "").replace(/[-_/&+,]+/g, " ").trim()
    : key;
}

/**
 * Whether a key is a brand's or a service's whole name of one word ("denner", "volg", "stan"),
 * so that typo correction leaves it as typed rather than reading "Denner" as "dinner".
 */
export function isBrandName(key: string): boolean {
  const name = bare(key);
  return serviceCategory(name) !== undefined || brandTable().has(name) ||
    ordinaryBrand(name) !== undefined;
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
  // The words are keys already: only apostrophes and dots differ from the lexicon's spelling.
  let name = "";
  const names: string[] = [];
  for (let n = 0; n < Math.min(LONGEST, keys.length - at); n++) {
    const word = keys[at + n];
    name = n === 0 ? bare(word) : `${name} ${bare(word)}`;
    names.push(name);
  }
  // A service's name (services.ts) counts at any length: it is no ordinary word, and no shop.
  for (let n = names.length; n >= 1; n--) {
    // A token may hold a name of several words already ("pick n pay", joined by brand_names.ts).
    const words = n === 1 ? names[0].split(" ").length : n;
    const category = serviceCategory(names[n - 1]) ??
      (words >= minWords ? brands.get(names[n - 1]) : undefined);
    if (category !== undefined) return { category, words: n };
  }
  return undefined;
}

/** Every brand's and service's name with its category: the index's, its ordinary words', services'. */
export function allBrandNames(): ReadonlyMap<string, Category> {
  all ??= new Map([...ordinaryTable(), ...brandTable(), ...serviceNames()]);
  return all;
}

let all: ReadonlyMap<string, Category> | undefined;

function ordinaryTable(): Table {
  ordinary ??= tableOf(brands.ordinary as Record<string, string[]>);
  return ordinary;
}

let seconds: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * The second words of the brands' and services' names of two words that start with `key`
 * ("toronto" → "hydro", …): where a typo in a name's second word is read (`brand_names.ts`).
 */
export function secondWords(key: string): readonly string[] {
  if (seconds === undefined) {
    const map = new Map<string, string[]>();
    for (const name of [...brandTable().keys(), ...serviceNames().keys()]) {
      const words = name.split(" ");
      if (words.length !== 2) continue;
      map.set(words[0], [...(map.get(words[0]) ?? []), words[1]]);
    }
    seconds = map;
  }
  return seconds.get(bare(key)) ?? [];
}

let starts: ReadonlySet<string> | undefined;

/**
 * Whether a key is the first word of a brand's or a service's name of several words ("pick" of
 * "pick n pay"): where a name of several words may start, so that other words skip the lookup.
 */
export function startsLongName(key: string): boolean {
  starts ??= new Set(
    [...brandTable().keys(), ...serviceNames().keys()].filter((n) => n.includes(" "))
      .map((n) => n.slice(0, n.indexOf(" "))),
  );
  return starts.has(key) || starts.has(bare(key));
}

/** How many names each category holds, ordinary words included (for the ADR). */
export function brandSizes(): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const lists of [brands.words, brands.ordinary] as Record<string, string[]>[]) {
    for (const [c, k] of Object.entries(lists)) sizes[c] = (sizes[c] ?? 0) + k.length;
  }
  return sizes;
}
