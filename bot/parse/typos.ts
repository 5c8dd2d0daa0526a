/**
 * Typo tolerance: a word the parser does not know is read as the one vocabulary word (a keyword
 * or a member's name) within a Damerau–Levenshtein distance of 1 for words of four to seven
 * letters and of 2 for longer ones ("yesterdy", "restaurnat", "Anaa"), and only when exactly one
 * word is that close: two candidates, and the word stays as typed. Candidates come from a
 * symmetric-delete index (every word with one or two letters deleted, as SymSpell does), so a
 * lookup is a few dozen map reads; the `damerau-levenshtein` package (optimal string alignment:
 * adjacent transpositions count 1) checks each. Pure once built.
 *
 * @module
 */
// @ts-types="@types/damerau-levenshtein"
import levenshtein from "damerau-levenshtein";

/** Words shorter than this are never corrected (too many words are one letter from them). */
export const MIN_LENGTH = 4;
/** Words this long or longer may be two edits away. */
export const LONG = 8;
/**
 * Words longer than this are not corrected: no keyword is that long, and a German compound
 * ("Supermarkteinkauf") would cost hundreds of deletions to look up for nothing.
 */
export const MAX_LENGTH = 14;

/** How far a typed word may be from a vocabulary word. */
export function maxDistance(typed: string): number {
  if (typed.length < MIN_LENGTH || typed.length > MAX_LENGTH) return 0;
  return typed.length >= LONG ? 2 : 1;
}

/**
 * The strings made by deleting up to `depth` (1 or 2) letters of `word`, the word itself first.
 * Repeats are possible ("aab" gives "ab" twice); callers skip words they have seen.
 */
function deletes(word: string, depth: number): string[] {
  const out = [word];
  const n = word.length;
  for (let i = 0; i < n; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  if (depth < 2) return out;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      out.push(word.slice(0, i) + word.slice(i + 1, j) + word.slice(j + 1));
    }
  }
  return out;
}

/** The distance between two words (optimal string alignment), through `damerau-levenshtein`. */
export function distance(a: string, b: string): number {
  return levenshtein(a, b).steps;
}

/** A vocabulary indexed for correction. */
export class Corrector {
  readonly #words: ReadonlySet<string>;
  readonly #index = new Map<string, string[]>();

  /** Indexes `words` (keys: lower case, no diacritics); words shorter than three are skipped. */
  constructor(words: Iterable<string>) {
    const set = new Set<string>();
    for (const word of words) {
      if (word.length < MIN_LENGTH - 1) continue;
      set.add(word);
      for (const d of deletes(word, word.length >= LONG - 1 ? 2 : 1)) {
        const list = this.#index.get(d);
        if (list === undefined) this.#index.set(d, [word]);
        else list.push(word);
      }
    }
    this.#words = set;
  }

  /** The indexed words. */
  words(): Iterable<string> {
    return this.#words;
  }

  /** Whether `word` is one of the indexed words. */
  has(word: string): boolean {
    return this.#words.has(word);
  }

  /**
   * The one word `typed` is a typo of, or `undefined`: when `typed` is a word already, is too
   * short, or has no or several words within its distance.
   *
   * @example
   * ```ts
   * new Corrector(["yesterday", "today"]).correct("yesterdy"); // "yesterday"
   * ```
   */
  correct(typed: string): string | undefined {
    const found = this.candidates(typed);
    return found.length === 1 ? found[0] : undefined;
  }

  /**
   * The nearest words within `typed`'s distance, all at the same distance ("restaurnat" →
   * ["restaurant"], not "restaurants" one edit further); none when `typed` is a word itself or
   * too short. Several words mean the typo is ambiguous.
   */
  candidates(typed: string): string[] {
    const max = maxDistance(typed);
    if (max === 0 || this.#words.has(typed)) return [];
    // One edit first: when a word is that close, none two edits away can be nearer.
    const near = this.#within(typed, 1);
    return near.length > 0 || max === 1 ? near : this.#within(typed, 2);
  }

  /** The nearest words at most `max` edits from `typed`, through the delete index. */
  #within(typed: string, max: number): string[] {
    let nearest: string[] = [];
    let best = max + 1;
    const tried = new Set<string>();
    for (const d of deletes(typed, max)) {
      const words = this.#index.get(d);
      if (words === undefined) continue;
      for (const word of words) {
        if (tried.has(word)) continue;
        tried.add(word);
        if (Math.abs(word.length - typed.length) > max) continue;
        const dist = distance(word, typed);
        if (dist > max) continue;
        if (dist < best) {
          best = dist;
          nearest = [word];
        } else if (dist === best) nearest.push(word);
      }
    }
    return nearest;
  }

  /** The distance of the nearest words (see {@linkcode candidates}), or `Infinity`. */
  nearest(typed: string): { words: string[]; distance: number } {
    const words = this.candidates(typed);
    return { words, distance: words.length === 0 ? Infinity : distance(words[0], typed) };
  }
}
