/**
 * Builds `ordinary_words.json`: the ordinary words of the parser's five languages that its typo
 * corrector would otherwise rewrite into one of its own words ("bake" → "bike", "shark" →
 * "share", "salé" → "salde", "assado" → "passado", "amazonas" → "amazon"). A word of a language is
 * written on purpose, so `spelling.ts` leaves these as typed (a member's name may still replace
 * one). The source is the spelling word lists Debian ships (`/usr/share/dict`: the packages
 * wamerican, wbritish, wspanish, wngerman, wfrench and wportuguese, from SCOWL, the Spanish,
 * German, French and Portuguese ispell/hunspell projects), keyed like the parser's tokens. Only
 * the words the corrector would change are kept (a few thousand of 1.4 million), so the list
 * costs nothing to load. Proper nouns of the English, Spanish, French and Portuguese lists
 * (capitalised) are left out; German nouns are capitalised and kept. Deterministic: sorted.
 * It takes about a minute.
 *
 * Run: `deno run -A bot/parse/lexicon/build_ordinary_words.ts > bot/parse/lexicon/ordinary_words.json`
 *
 * @module
 */
import { isCategoryWord } from "../category.ts";
import { isKinWord } from "../owner.ts";
import { correctTypos } from "../spelling.ts";
import { tokenize } from "../text.ts";
import { isParserWord } from "../vocabulary.ts";
import { isBrandName } from "./brands.ts";

/** Each list, and whether its capitalised entries are ordinary words (German nouns). */
const LISTS: readonly [string, boolean][] = [
  ["american-english", false],
  ["british-english", false],
  ["spanish", false],
  ["ngerman", true],
  ["french", false],
  ["portuguese", false],
];

const isKnown = (key: string) => isParserWord(key) || isCategoryWord(key) || isKinWord(key);

const kept = new Set<string>();
const seen = new Set<string>();
for (const [file, capitals] of LISTS) {
  const text = await Deno.readTextFile(`/usr/share/dict/${file}`);
  for (const word of text.split("\n")) {
    if (!/^\p{L}{3,14}$/u.test(word) || (!capitals && /^\p{Lu}/u.test(word))) continue;
    const tokens = tokenize(word.toLowerCase());
    if (tokens.length !== 1 || seen.has(tokens[0].key)) continue;
    seen.add(tokens[0].key);
    const key = tokens[0].key;
    if (isKnown(key)) continue;
    const [fixed] = correctTypos(tokens, [], isKnown, isBrandName, () => false);
    if (fixed.key !== key) kept.add(key);
  }
}
// deno-lint-ignore no-console
console.log(JSON.stringify(
  { about: "built by build_ordinary_words.ts; do not edit", words: [...kept].sort() },
  null,
  0,
));
