/**
 * Typos corrected in a message's tokens before the parser reads them (see `typos.ts` for the
 * rule): towards the parser's words in its five languages, its hand-kept category keywords and
 * the group's member names; never towards the generated category lexicon, whose thousands of
 * words would turn any unknown word into some category ("massage" into "passage"). A token is corrected only when it is no known word, has no digit, and exactly
 * one word of all of these is close enough; a capitalised word inside the message (maybe a
 * stranger's name) is never corrected towards a word of the category lexicon. Pure.
 *
 * @module
 */
import { keywords } from "./category.ts";
import { currencyWords } from "./currency.ts";
import { dateWords } from "./date.ts";
import { debtWords } from "./debts.ts";
import { fillerWords } from "./description.ts";
import { intentWords } from "./intent.ts";
import { numberWords } from "./numbers.ts";
import { relativeDateWords } from "./relative_dates.ts";
import { roleWords } from "./roles.ts";
import { splitWords } from "./split.ts";
import { keyOf, type Token } from "./text.ts";
import { Corrector, distance, maxDistance } from "./typos.ts";

/** The members' names nearest to `typed` within its distance (a group has a few: no index). */
function nearestName(
  typed: string,
  names: readonly string[],
): { words: string[]; distance: number } {
  const max = maxDistance(typed);
  let words: string[] = [];
  let best = Infinity;
  for (const name of names) {
    if (name === typed || Math.abs(name.length - typed.length) > max) continue;
    const d = distance(name, typed);
    if (d > max) continue;
    if (d < best) {
      best = d;
      words = [name];
    } else if (d === best && !words.includes(name)) words.push(name);
  }
  return { words, distance: best };
}

let grammar: Corrector | undefined;

/** The parser's own words and hand-kept keywords, indexed once (the same for every message). */
function grammarWords(): Corrector {
  grammar ??= new Corrector([
    ...intentWords(),
    ...dateWords(),
    ...relativeDateWords(),
    ...roleWords(),
    ...debtWords(),
    ...splitWords(),
    ...currencyWords(),
    ...numberWords(),
    ...fillerWords(),
  ]);
  return grammar;
}

let categoryWords: Corrector | undefined;

/** The hand-kept category keywords, indexed once (the generated lexicon is never a target). */
function keywordIndex(): Corrector {
  categoryWords ??= new Corrector(keywords());
  return categoryWords;
}

/**
 * The tokens with their typos corrected: the key of a corrected token is the word's (a member's
 * name's key for a name), its raw and lower spellings stay as typed.
 *
 * @example
 * ```ts
 * correctTypos(tokenize("taxi 12 yesterdy"), ["Ana"], isKnown)[2].key; // "yesterday"
 * ```
 */
export function correctTypos(
  tokens: readonly Token[],
  members: readonly string[],
  isKnown: (key: string) => boolean,
): Token[] {
  const memberKeys = members.map(keyOf);
  return tokens.map((t, i): Token => {
    if (t.key.length < 4 || /[^\p{L}'-]/u.test(t.key) || isKnown(t.key)) return t;
    // A capitalised word inside the message may be a stranger's name: only a member's name or
    // a grammar word replaces it, never a category keyword ("mit Paul" is not "mit pool").
    const name = i > 0 && /^\p{Lu}\p{Ll}+$/u.test(t.raw);
    const found = [nearestName(t.key, memberKeys)]
      .concat([grammarWords(), ...(name ? [] : [keywordIndex()])].map((c) => c.nearest(t.key)));
    const best = Math.min(...found.map((f) => f.distance));
    const all = new Set(found.flatMap((f) => f.distance === best ? f.words : []));
    return all.size === 1 ? { ...t, key: [...all][0] } : t;
  });
}
