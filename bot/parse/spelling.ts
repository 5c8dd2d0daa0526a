/**
 * Typos corrected in a message's tokens before the parser reads them (see `typos.ts` for the
 * rule): towards the parser's words in its five languages, its category words, and the group's
 * member names. A token is corrected only when it is no known word, has no digit, and exactly
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
import { lexiconWords } from "./lexicon/mod.ts";
import { numberWords } from "./numbers.ts";
import { relativeDateWords } from "./relative_dates.ts";
import { roleWords } from "./roles.ts";
import { splitWords } from "./split.ts";
import { keyOf, type Token } from "./text.ts";
import { Corrector } from "./typos.ts";

let grammar: Corrector | undefined;
let lexicon: Corrector | undefined;

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
    ...keywords(),
  ]);
  return grammar;
}

/** The category lexicon's words, indexed once. */
function lexiconIndex(): Corrector {
  lexicon ??= new Corrector(lexiconWords());
  return lexicon;
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
  let names: Corrector | undefined;
  return tokens.map((t, i) => {
    if (t.key.length < 4 || /[^\p{L}'-]/u.test(t.key) || isKnown(t.key)) return t;
    names ??= new Corrector(members.map(keyOf));
    const fromNames = names.candidates(t.key);
    const fromGrammar = grammarWords().candidates(t.key);
    const fromLexicon = lexiconIndex().candidates(t.key);
    const all = new Set([...fromNames, ...fromGrammar, ...fromLexicon]);
    if (all.size !== 1) return t;
    // A capitalised word inside the message may be a stranger's name: only a member's name or
    // a grammar word replaces it, never a category word ("mit Paul" is not "mit paus").
    const name = i > 0 && /^\p{Lu}\p{Ll}+$/u.test(t.raw);
    if (name && fromLexicon.length > 0) return t;
    return { ...t, key: [...all][0] };
  });
}
