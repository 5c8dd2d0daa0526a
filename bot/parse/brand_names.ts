/**
 * Brands' names of several words that hold a word the grammar reads ("Pick n Pay" holds the "n"
 * that joins names, "Sun Store" a weekday, "Aldi Süd" a three-letter word the typo rule would
 * read as a date, "Mitre 10" a number): their words are joined into one token before anything
 * reads the message, as members' names of several words are (`names.ts`). Pure.
 *
 * @module
 */
import { isLinkWord } from "./description.ts";
import { brandAt, secondWords, startsLongName } from "./lexicon/brands.ts";
import { distance } from "./typos.ts";
import type { Token } from "./text.ts";
import { isParserWord } from "./vocabulary.ts";

/** A word the grammar may read: a parser word, a number, or three letters or fewer. */
function isRisky(key: string): boolean {
  return isParserWord(key) || /\d/.test(key) || key.length <= 3;
}

/**
 * The tokens with each brand's name of two to four words joined into one token, when the name
 * holds a word the grammar reads and one it does not (so "the bus" or "day by day", made only of
 * grammar words, stay words), starts with no link word, holds no member's name, and, if it holds a number, another number is
 * left in the message for the amount ("mitre 10 paint 74.90"; a lone "pizza 73" is pizza for 73).
 *
 * @example
 * ```ts
 * joinBrandNames(tokenize("pick n pay 312,45"), () => false).map((t) => t.key);
 * // ["pick n pay", "312,45"]
 * ```
 */
export function joinBrandNames(
  tokens: readonly Token[],
  isMemberName: (key: string) => boolean,
  isKnown: (key: string) => boolean = () => true,
): Token[] {
  const keys = tokens.map((t) => t.key);
  const starts = keys.map(startsLongName);
  if (!starts.includes(true)) return [...tokens];
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const fixed = starts[i] ? secondTypo(keys, i) : undefined;
    if (fixed !== undefined) keys[i + 1] = fixed;
    const words = starts[i] ? brandAt(keys, i, 2)?.words ?? 0 : 0;
    const run = tokens.slice(i, i + words);
    const runKeys = keys.slice(i, i + words);
    const numbered = runKeys.some((k) => /\d/.test(k));
    // A name starting with an article or a preposition ("el corte ingles") is read word by
    // word: the link word goes from the description's edge as usual; but for a name opening the
    // message ("no frills run"). A name is joined when a word of it is one the grammar reads, or
    // one the typo rule would read as another ("bulk barn": "barn" is no "bar").
    const join = words >= 2 && (i === 0 || !isLinkWord(runKeys[0])) &&
      (fixed !== undefined || runKeys.some((k) => isRisky(k) || !isKnown(k))) &&
      !runKeys.every(isRisky) &&
      !runKeys.some(isMemberName) && run.slice(0, -1).every((t) => !t.comma) &&
      (!numbered || keys.some((k, j) => (j < i || j >= i + words) && /\d/.test(k)));
    if (!join) {
      out.push(tokens[i]);
      continue;
    }
    const joined: Token = {
      raw: run.map((t) => t.raw).join(" "),
      lower: run.map((t) => t.lower).join(" "),
      key: runKeys.join(" "),
    };
    out.push(run[run.length - 1].comma ? { ...joined, comma: true } : joined);
    i += words - 1;
  }
  return out;
}

/**
 * The second word of a brand's name of two words when the word after `keys[i]` is its typo
 * ("toronto hyrdo", "wien enrgie"): one edit from exactly one second word of a name starting
 * with `keys[i]`, five letters or more, and no second word as typed.
 */
function secondTypo(keys: readonly string[], i: number): string | undefined {
  const next = keys[i + 1];
  if (next === undefined || next.length < 5 || !/^\p{L}+$/u.test(next)) return undefined;
  const options = secondWords(keys[i]);
  if (options.includes(next)) return undefined;
  const near = options.filter((w) => w.length >= 5 && distance(next, w) === 1);
  return near.length === 1 ? near[0] : undefined;
}
