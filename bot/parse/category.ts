import type { Category } from "@kopek/domain";
import { compoundCategory } from "./compounds.ts";
import { isLinkWord } from "./description.ts";
import { brandAt, ordinaryBrand } from "./lexicon/brands.ts";
import { everydayCategory } from "./lexicon/everyday.ts";
import { nearBrandCategory } from "./lexicon/near_brands.ts";
import { lexiconCategory } from "./lexicon/mod.ts";
import { KEYWORDS } from "./keywords.ts";
import { tokenize } from "./text.ts";
import type { CustomCategory } from "./types.ts";

const TABLE: ReadonlyMap<string, Category> = new Map(
  Object.entries(KEYWORDS).flatMap(([category, words]) =>
    words.map((word) => [word, category as Category] as const)
  ),
);

/** A custom category's name as the keys of its words ("Ski Pässe" → ["ski", "passe"]). */
function nameKeys(name: string): string[] {
  return tokenize(name).map((t) => t.key);
}

/**
 * The first custom category whose name's words appear in `keys` in a row (in
 * message order; at a position, the longest name first), if any.
 */
export function customCategory(
  keys: readonly string[],
  custom: readonly CustomCategory[],
): CustomCategory | undefined {
  const names = custom.map((c) => ({ c, words: nameKeys(c.name) }))
    .filter((n) => n.words.length > 0)
    .sort((a, b) => b.words.length - a.words.length);
  for (let i = 0; i < keys.length; i++) {
    for (const { c, words } of names) {
      if (words.every((w, j) => keys[i + j] === w)) return c;
    }
  }
  return undefined;
}

/** The hand-kept keywords (for typo correction). */
export function keywords(): string[] {
  return [...TABLE.keys()];
}

/** Whether a key is a category keyword (for the vocabulary). */
export function isCategoryWord(key: string): boolean {
  return TABLE.has(key) || everydayCategory(key) !== undefined ||
    lexiconCategory(key) !== undefined;
}

/**
 * Words whose category is what goes with them (keys): a ticket ("bilhetes do concerto" is
 * entertainment, "Bus ticket" transport), a rental ("kayak rental", "car hire"), and "gas", fuel
 * alone but household gas with a bill or a bottle ("gas bill", "botija de gás"). Alone, each
 * keeps its own category.
 */
const WEAK: ReadonlySet<string> = new Set([
  ...[
    "ticket",
    "tickets",
    "tix",
    "billete",
    "billetes",
    "boleto",
    "boletos",
    "entrada",
    "entradas",
  ],
  ...["karte", "karten", "billet", "billets", "bilhete", "bilhetes", "ingresso", "ingressos"],
  ...["rental", "rentals", "hire", "verleih", "gas"],
]);

/** Of {@linkcode WEAK}, the words that are no ticket: a rental, gas. */
const RENTALS: ReadonlySet<string> = new Set(["rental", "rentals", "hire", "verleih", "gas"]);

/** Of {@linkcode WEAK}, the words for a ticket. */
const TICKETS: ReadonlySet<string> = new Set([...WEAK].filter((k) => !RENTALS.has(k)));

/** Plural endings tried off a word that is not in a table itself ("bananas", "Brezeln"). */
const PLURALS = ["s", "es", "n", "en", "e"] as const;

/** A key's entry in `table` (a function), or its singular's ("croissants" → "croissant"). */
function lookup<C>(key: string, table: (key: string) => C | undefined): C | undefined {
  const direct = table(key);
  if (direct !== undefined || key.length < 5) return direct;
  for (const ending of PLURALS) {
    if (!key.endsWith(ending)) continue;
    const singular = table(key.slice(0, key.length - ending.length));
    if (singular !== undefined) return singular;
  }
  return swiss(key, table);
}

const handKept = (key: string) => TABLE.get(key);

/** A part of a compound's category: the hand-kept keywords, then the lexicon. */
function partCategory(key: string): Category | undefined {
  return TABLE.get(key) ?? everydayCategory(key) ?? lexiconCategory(key);
}

/**
 * A compound's category by `by`, read as written and, when some write a hyphen between its parts
 * ("Wiesn-Tisch"), without it too.
 */
function compoundOf(key: string, by: "modifier" | "head"): Category | undefined {
  return compoundCategory(key, partCategory, by) ??
    (key.includes("-") ? compoundCategory(key.replaceAll("-", ""), partCategory, by) : undefined) ??
    swiss(key, (k) => compoundCategory(k, partCategory, by));
}

const kept = (key: string) => TABLE.get(key) ?? everydayCategory(key);

/**
 * A compound's head when only the head is a hand-kept or everyday word and the modifier at most
 * a generated-lexicon word ("Citybus", "Wanderschuhe", "automercado": a bus, shoes, a market;
 * round 9): the thing named outranks an odd sense of its first part ("city" as lodging).
 */
function keptHead(key: string): Category | undefined {
  if (compoundCategory(key, kept, "modifier") !== undefined) return undefined;
  return compoundCategory(key, kept, "head");
}

/**
 * A Swiss German word's category by its Standard German spelling: "-ig" for "-ung" ("Rechnig",
 * "Ferienwohnig", "Verspätig"), as Swiss speakers write it; `undefined` for any other word.
 */
function swiss<C>(key: string, read: (key: string) => C | undefined): C | undefined {
  return key.length >= 6 && key.endsWith("ig") ? read(`${key.slice(0, -2)}ung`) : undefined;
}

/**
 * The category of the first keyword among `keys` (the description's words,
 * in message order): a brand's name of several words first, then a hand-kept keyword or a word of
 * the everyday lexicon, a word of the lexicon, a brand's name of one word, a lexicon word's
 * singular, a compound with a known modifier ("Kinokarten"), a brand whose name is an ordinary
 * word ("Spar", "Oma", "Vodafone"), and last a compound with a known head; "other" when none is
 * known. A ticket, rental or gas word comes after the words
 * saying what it is for. A custom category of the group (`custom`) whose name the words hold wins
 * over the built-in keywords.
 *
 * @example
 * ```ts
 * categorize(["taxi", "airport"]); // "transport"
 * categorize(["abendessen"]); // "food"
 * ```
 */
export function categorize(
  keys: readonly string[],
  custom: readonly CustomCategory[] = [],
): Category | string {
  const own = customCategory(keys, custom);
  if (own !== undefined) return own.key;
  // A ticket is for something: "bilhetes do concerto", "concert tickets", "bvg tickets"; every
  // source is asked about the other words first (likewise a rental, and gas).
  const weak = keys.filter((k) => WEAK.has(k));
  if (weak.length === 0) return builtIn(keys);
  // A misspelt chain is a guess: the ticket word outranks it ("entradas del betis", round 8).
  // A ticket is for a journey or a show: a word only the generated lexicon or a compound's part
  // knows that says neither is another sense of it, and the ticket word outranks it too ("fete
  // tickets", "entradas al rojo vs crema", "ingressos fla x flu", whatever "over", "crema" or
  // "flu" are alone; round 10); a brand or a hand-kept word still says what they are for.
  const rest = keys.filter((k) => !WEAK.has(k));
  const bought = builtIn(rest, false, false, false);
  if (
    weak.some((k) => TICKETS.has(k)) && !["transport", "entertainment", "other"].includes(bought) &&
    builtIn(rest, false, true, false) === "other"
  ) {
    const ticket = builtIn(weak);
    if (ticket !== "other") return ticket;
  }
  if (bought !== "other") return bought;
  const kind = builtIn(weak);
  return kind !== "other" ? kind : builtIn(rest);
}

/** The built-in category of the first known word among `keys` (see {@linkcode categorize}). */
function builtIn(
  all: readonly string[],
  guess = true,
  sureOnly = false,
  opens = true,
): Category {
  // Link words name nothing bought ("Zugtickets nach Chur": "nach" is in the generated lexicon).
  // A brand's name may hold link words ("pão de açúcar", "drogas la rebaja"): read it whole.
  for (let i = 0; i < all.length; i++) {
    const brand = isLinkWord(all[i]) ? undefined : brandAt(all, i, 2);
    if (brand !== undefined && brand.words > 1) return brand.category;
  }
  const keys = all.filter((k) => !isLinkWord(k));
  // A shop's or chain's name of several words ("trader joes", "whole foods", "uber eats") says
  // more than any one of its words; then the hand-kept words, the lexicon's words as written, a
  // brand of one word ("Lidl", "Pharmaprix"), and only then a lexicon word's singular.
  for (let i = 0; i < keys.length; i++) {
    const brand = brandAt(keys, i, 2);
    if (brand !== undefined) return brand.category;
  }
  for (const key of keys) {
    const category = lookup(key, handKept) ?? everydayCategory(key);
    if (category !== undefined) return category;
  }
  // A company whose name is an ordinary word, opening the words, names where the money went
  // ("casino johnston", "jumbo score", "Salt Handyabo", "free box"; round 10): it outranks the
  // generated lexicon's sense of the words after it, and of itself. Not with a ticket (no shop
  // sells it), nor when a link word makes it the head of a phrase ("match de l'OL" is a match),
  // nor a name of two letters ("dm", "mo": too many words).
  const opening = opens && keys.length > 1 && keys[0].length > 2 && all[0] === keys[0] &&
      !isLinkWord(all[1])
    ? ordinaryBrand(keys[0])
    : undefined;
  if (opening !== undefined) return opening;
  for (const key of sureOnly ? [] : keys) {
    const category = lexiconCategory(key);
    if (category !== undefined) return category;
  }
  for (let i = 0; i < keys.length; i++) {
    const brand = brandAt(keys, i, 1);
    if (brand !== undefined) return brand.category;
  }
  // Only the brands and the hand-kept and everyday words, when a ticket word waits (round 10).
  if (sureOnly) return "other";
  for (const key of keys) {
    const category = lookup(key, lexiconCategory) ?? lookup(key, everydayCategory);
    if (category !== undefined) return category;
  }
  for (const key of keys) {
    const category = keptHead(key) ?? compoundOf(key, "modifier");
    if (category !== undefined) return category;
  }
  for (const key of keys) {
    const category = ordinaryBrand(key);
    if (category !== undefined) return category;
  }
  for (const key of keys) {
    const category = compoundOf(key, "head");
    if (category !== undefined) return category;
  }
  // Last, a misspelt chain ("delaize", "hipredino"), rather than "other".
  for (const key of guess ? keys : []) {
    const category = nearBrandCategory(key);
    if (category !== undefined) return category;
  }
  return "other";
}
