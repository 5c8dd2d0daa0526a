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
 * The category of a compound word, from its parts. The modifier (the first part) names the
 * domain an expense belongs to ("Zugticket" is a train's ticket: transport), so a known modifier
 * decides first: four letters or more, with an optional linking element, before a head of three
 * or more; or three letters before a known head ("Zug" + "ticket"). Otherwise a known head (the
 * longest first) of four letters or more after a modifier of three. `undefined` when no split
 * has a known part ("Barkeeper" is not split on "bar": "keeper" is no word). `by` reads only the
 * modifier or only the head (a head alone is weaker: "Vodafone" ends in "fone").
 *
 * @example
 * ```ts
 * compoundCategory("kinokarten", lookup); // "entertainment"
 * ```
 */
export function compoundCategory<C>(
  key: string,
  categoryOf: (key: string) => C | undefined,
  by: "modifier" | "head" | "either" = "either",
): C | undefined {
  if (key.length < 7) return undefined;
  for (let i = key.length - 3; i >= 3 && by !== "head"; i--) {
    const modifier = key.slice(0, i);
    const headKnown = categoryOf(key.slice(i)) !== undefined;
    for (const link of LINKS) {
      const stem = modifier.slice(0, modifier.length - link.length);
      if (!modifier.endsWith(link) || stem.length < (headKnown ? 3 : 4)) continue;
      const known = categoryOf(stem);
      if (known !== undefined) return known;
    }
  }
  for (let i = 3; i <= key.length - 4 && by !== "modifier"; i++) {
    const head = categoryOf(key.slice(i));
    if (head !== undefined) return head;
  }
  return undefined;
}
