/**
 * German compounds split against the category words: "Taxifahrt" (taxi + fahrt),
 * "Kinokarten" (kino + karten), "Supermarkteinkauf" (supermarkt + einkauf), "Hotelzimmer". The
 * head (the last part) decides when it is known, otherwise the modifier; linking letters
 * ("Geburtstags-geschenk", "Arzt-es-") are allowed between the parts. Pure.
 *
 * @module
 */

/** Linking elements between the parts of a German compound. */
const LINKS = ["", "s", "es", "n", "en", "e", "er"] as const;

/**
 * The category of a compound word, from its parts: a known head (the longest first) after a
 * modifier of three letters or more, else a known modifier (with an optional linking element)
 * before a head of three letters or more; `undefined` when no split has a known part. A known
 * part has four letters or more ("Barkeeper" is not split on "bar").
 *
 * @example
 * ```ts
 * compoundCategory("kinokarten", lookup); // "entertainment"
 * ```
 */
export function compoundCategory<C>(
  key: string,
  categoryOf: (key: string) => C | undefined,
): C | undefined {
  if (key.length < 7) return undefined;
  for (let i = 3; i <= key.length - 4; i++) {
    const head = categoryOf(key.slice(i));
    if (head !== undefined) return head;
  }
  for (let i = key.length - 3; i >= 4; i--) {
    const modifier = key.slice(0, i);
    for (const link of LINKS) {
      const stem = modifier.slice(0, modifier.length - link.length);
      if (!modifier.endsWith(link) || stem.length < 4) continue;
      const known = categoryOf(stem);
      if (known !== undefined) return known;
    }
  }
  return undefined;
}
