/**
 * Builds `categories.json`, the parser's category lexicon, from two permissively licensed lists:
 *
 * - the Unicode CLDR emoji annotations (names and keywords of every emoji in each language) as
 *   packaged by `emojibase-data` 17.0.0 (MIT; the CLDR data under the Unicode License v3), whose
 *   group and subgroup of each emoji (food-prepared, transport-ground, medical, …) map to Kopek's
 *   built-in categories: English, Spanish, German, French and Portuguese;
 * - the ISO 18245 merchant category code descriptions as packaged by `mcc` 2.2.0 (MIT; from
 *   greggles/mcc-codes, public domain), whose code ranges (5411 grocery stores, 5812 eating
 *   places, 4111 commuter transport, …) map to the same categories: English only.
 *
 * A word lands in the lexicon when it is three letters or more, is none of the parser's own words
 * (fillers, dates, people, verbs: those must keep their meaning), is on no stop list of generic
 * words, and every place it occurs in maps to the same category (a word of two categories is
 * left out rather than guessed). Deterministic: the output is sorted.
 *
 * Run (the two packages unpacked with `npm pack emojibase-data@17.0.0 mcc@2.2.0` and `tar xzf`):
 * `deno run -A bot/parse/lexicon/build.ts EMOJIBASE_DIR MCC_DIR > bot/parse/lexicon/categories.json`
 *
 * @module
 */
import type { Category } from "@kopek/domain";
import { keyOf } from "../text.ts";
import { isParserWord } from "../vocabulary.ts";
import { STOP } from "./stop.ts";

/** The lexicon's languages. */
export const LANGUAGES = ["en", "es", "de", "fr", "pt"] as const;

/** Emoji subgroups (emojibase's names) and the category their words mean. */
const SUBGROUPS: Readonly<Record<string, Category>> = {
  "food-prepared": "food",
  "food-asian": "food",
  "food-sweet": "food",
  "drink": "food",
  "dishware": "food",
  "food-fruit": "groceries",
  "food-vegetable": "groceries",
  "household": "groceries",
  "transport-ground": "transport",
  "transport-water": "transport",
  "transport-air": "transport",
  "hotel": "lodging",
  "event": "entertainment",
  "sport": "entertainment",
  "game": "entertainment",
  "arts-crafts": "entertainment",
  "music": "entertainment",
  "musical-instrument": "entertainment",
  "light-video": "entertainment",
  "clothing": "shopping",
  "phone": "utilities",
  "medical": "health",
  "plant-flower": "gifts",
};

/** Emoji whose own meaning differs from their subgroup's (by hexcode). */
const EMOJI: Readonly<Record<string, Category>> = {
  "1F381": "gifts", // wrapped gift
  "1F382": "gifts", // birthday cake
  "1F6D2": "groceries", // shopping cart
  "1F4A1": "utilities", // light bulb
  "1F50C": "utilities", // electric plug
  "1F3E8": "lodging", // hotel
  "1F3E9": "lodging", // love hotel
  "1F3D5": "lodging", // camping
  "26FA": "lodging", // tent
  "1F3E5": "health", // hospital
  "1F3EA": "groceries", // convenience store
  "1F3EC": "shopping", // department store
  "1F3E0": "rent", // house
  "1F3E1": "rent", // house with garden
  "1F6BF": "utilities", // shower
  "1F4F6": "utilities", // antenna bars
  "1F6DC": "utilities", // wireless
  "1F3A6": "entertainment", // cinema
  "1F37F": "entertainment", // popcorn
};

/** Merchant category code ranges (inclusive) and their category. */
const MCC: readonly (readonly [number, number, Category])[] = [
  [3000, 3350, "transport"], // airlines
  [3351, 3500, "transport"], // car rental
  [3501, 3999, "lodging"], // hotels
  [4011, 4131, "transport"],
  [4411, 4411, "entertainment"], // cruise lines
  [4457, 4582, "transport"],
  [4784, 4789, "transport"],
  [4812, 4816, "utilities"],
  [4899, 4900, "utilities"],
  [5200, 5261, "shopping"],
  [5311, 5399, "shopping"],
  [5411, 5411, "groceries"],
  [5422, 5422, "groceries"],
  [5441, 5451, "groceries"],
  [5462, 5462, "food"],
  [5499, 5499, "groceries"],
  [5541, 5542, "transport"],
  [5611, 5699, "shopping"],
  [5712, 5735, "shopping"],
  [5811, 5814, "food"],
  [5912, 5912, "health"],
  [5921, 5921, "food"],
  [5931, 5950, "shopping"],
  [5947, 5947, "gifts"],
  [5992, 5992, "gifts"],
  [5975, 5977, "health"],
  [6513, 6513, "rent"],
  [7011, 7033, "lodging"],
  [7230, 7230, "health"],
  [7512, 7523, "transport"],
  [7832, 7841, "entertainment"],
  [7911, 7999, "entertainment"],
  [8011, 8099, "health"],
];

function mccCategory(code: number): Category | undefined {
  let found: Category | undefined;
  for (const [from, to, category] of MCC) if (code >= from && code <= to) found = category;
  return found;
}

/** The lexicon words of a phrase in one language: keys of its words, filtered. */
export function wordsOf(phrase: string, lang: string): string[] {
  return phrase.split(/[^\p{L}]+/u).map(keyOf).filter((w) =>
    w.length >= 3 && !STOP.has(w) && !(STOP_BY_LANG[lang]?.has(w) ?? false) && !isParserWord(w)
  );
}

const STOP_BY_LANG: Readonly<Record<string, ReadonlySet<string>>> = {};

interface Emoji {
  readonly hexcode: string;
  readonly label: string;
  readonly tags?: readonly string[];
  readonly subgroup?: number;
}

/** Adds each word's category to `seen` (a word seen with two categories is ambiguous). */
function note(seen: Map<string, Set<Category>>, words: readonly string[], category: Category) {
  for (const w of words) {
    const set = seen.get(w) ?? new Set<Category>();
    set.add(category);
    seen.set(w, set);
  }
}

/** The lexicon: per language, per category, the sorted words. */
export function buildLexicon(
  emoji: Readonly<Record<string, readonly Emoji[]>>,
  subgroupNames: Readonly<Record<string, string>>,
  mcc: readonly { mcc: string; edited_description: string; combined_description: string }[],
): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const lang of LANGUAGES) {
    const seen = new Map<string, Set<Category>>();
    for (const e of emoji[lang] ?? []) {
      const category = EMOJI[e.hexcode] ??
        SUBGROUPS[subgroupNames[String(e.subgroup ?? -1)] ?? ""];
      if (category === undefined) continue;
      note(seen, wordsOf([e.label, ...(e.tags ?? [])].join(" "), lang), category);
    }
    if (lang === "en") {
      for (const m of mcc) {
        const category = mccCategory(Number(m.mcc));
        if (category === undefined) continue;
        note(seen, wordsOf(`${m.edited_description} ${m.combined_description}`, lang), category);
      }
    }
    const byCategory: Record<string, string[]> = {};
    for (const [word, categories] of seen) {
      if (categories.size !== 1) continue;
      const [category] = categories;
      (byCategory[category] ??= []).push(word);
    }
    for (const words of Object.values(byCategory)) words.sort();
    out[lang] = Object.fromEntries(Object.entries(byCategory).sort(([a], [b]) => a < b ? -1 : 1));
  }
  return out;
}

if (import.meta.main) {
  const [emojibase, mccDir] = Deno.args;
  const read = (path: string) => JSON.parse(Deno.readTextFileSync(path));
  const emoji = Object.fromEntries(
    LANGUAGES.map((lang) => [lang, read(`${emojibase}/${lang}/data.json`)]),
  );
  const groups = read(`${emojibase}/meta/groups.json`);
  const lexicon = buildLexicon(emoji, groups.subgroups, read(`${mccDir}/mcc_codes.json`));
  const about = "Built by bot/parse/lexicon/build.ts from the Unicode CLDR emoji annotations " +
    "(emojibase-data 17.0.0, MIT; CLDR data under the Unicode License v3) and the ISO 18245 " +
    "merchant category code descriptions (mcc 2.2.0, MIT; greggles/mcc-codes, public domain). " +
    "Do not edit by hand: change the script and run it again.";
  // deno-lint-ignore no-console
  console.log(JSON.stringify({ about, words: lexicon }, null, 1));
}
