/**
 * The category lexicon (`categories.json`, built by `build.ts` from the CLDR emoji annotations
 * and the merchant category code descriptions): a word's built-in category, whatever its
 * language. A key that two languages give different categories is left out. Pure.
 *
 * @module
 */
import type { Category } from "@kopek/domain";
import lexicon from "./categories.json" with { type: "json" };

function table(): ReadonlyMap<string, Category> {
  const seen = new Map<string, Category | null>();
  for (
    const byCategory of Object.values(lexicon.words as Record<string, Record<string, string[]>>)
  ) {
    for (const [category, words] of Object.entries(byCategory)) {
      for (const word of words) {
        const before = seen.get(word);
        seen.set(word, before === undefined || before === category ? category as Category : null);
      }
    }
  }
  return new Map([...seen].flatMap(([w, c]) => c === null ? [] : [[w, c] as const]));
}

const LEXICON = table();

/** The lexicon's category of a key, if it has one. */
export function lexiconCategory(key: string): Category | undefined {
  return LEXICON.get(key);
}

/** Every key of the lexicon (for typo correction). */
export function lexiconWords(): IterableIterator<string> {
  return LEXICON.keys();
}

/** How many words each language brings, per category (for the ADR and the bench). */
export function lexiconSizes(): Record<string, number> {
  return Object.fromEntries(
    Object.entries(lexicon.words as Record<string, Record<string, string[]>>).map((
      [lang, byCategory],
    ) => [lang, Object.values(byCategory).reduce((n, w) => n + w.length, 0)]),
  );
}
