/**
 * The everyday lexicon (`everyday.json`, kept by hand as data): words of everyday spending in the
 * countries of the parser's five languages that none of the generated lexicons holds (kinds of
 * shop, transit slang and passes, fuel, regional meals, furniture, housing costs), each in a
 * named group. Pure.
 *
 * @module
 */
import type { Category } from "@kopek/domain";
import everyday from "./everyday.json" with { type: "json" };

const WORDS: ReadonlyMap<string, Category> = new Map(
  Object.entries(everyday.words as Record<string, Record<string, string[]>>).flatMap((
    [category, groups],
  ) => Object.values(groups).flat().map((w) => [w, category as Category] as const)),
);

/** A key's category in the everyday lexicon, if it has one. */
export function everydayCategory(key: string): Category | undefined {
  return WORDS.get(key);
}

/** Every word of the everyday lexicon with its category (for tests). */
export function everydayWords(): ReadonlyMap<string, Category> {
  return WORDS;
}
