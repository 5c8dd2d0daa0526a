/**
 * Ordinary words of the five languages that look like a typo of a parser word
 * (`ordinary_words.json`, built by `build_ordinary_words.ts` from Debian's spelling word lists):
 * the typo corrector leaves them as typed ("bake" is no "bike", "salé" no "salde"). They are
 * not known words otherwise: a capitalised one may still be a stranger's name. Pure.
 *
 * @module
 */
import list from "./ordinary_words.json" with { type: "json" };

let words: ReadonlySet<string> | undefined;

/** Whether a key is an ordinary word that the corrector must not rewrite ("bake", "rue"). */
export function isOrdinaryWord(key: string): boolean {
  words ??= new Set(list.words);
  return words.has(key);
}
