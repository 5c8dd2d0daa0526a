/**
 * Builds `ordinary_words.json`: the ordinary words of the parser's five languages that its typo
 * corrector would otherwise rewrite into one of its own words ("shark" → "share", "sale" →
 * "salde", "amazonas" → "amazon"). A word of a language is
 * written on purpose, so `spelling.ts` leaves these as typed (a member's name may still replace
 * one). The source is the spelling word lists Debian ships under permissive licences
 * (`/usr/share/dict`: wamerican and wbritish from SCOWL, wspanish (public domain), wportuguese
 * (GPL-2+, LGPL-2.1+ or MPL-1.1, taken under the MPL)), keyed like the parser's tokens. wngerman
 * and wfrench are GPL-2+ only: words drawn from them are not shipped (ADR 0067, round 9). Only
 * the words the corrector would change are kept (a few thousand of 1.4 million), so the list
 * costs nothing to load. Proper nouns (capitalised) are left out. Deterministic: sorted.
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

/** Each list, and whether its capitalised entries are ordinary words (none of these lists). */
const LISTS: readonly [string, boolean][] = [
  ["american-english", false],
  ["british-english", false],
  ["spanish", false],
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
