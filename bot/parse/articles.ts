/**
 * The words a name may stand behind where the parser reads people: articles in Portuguese,
 * Spanish and German speech ("com o Bob", "para a Ana", "mit dem Lukas", Swiss "mit em Reto",
 * "für d Seraina"; the German ones since round 9) and titles of kin or respect ("avec papa
 * Jules", "com a tia Rosa"; round 9). Pure.
 *
 * @module
 */

/** Articles and titles, skipped only before a name. */
const ARTICLE: ReadonlySet<string> = new Set([
  ...["o", "a", "os", "as", "la", "el", "dem", "em", "d", "der"],
  // Swiss and Liechtenstein "dr" (der: "dr Elias het … zahlt"; round 10).
  "dr",
  ...["papa", "tonton", "tata", "tio", "tia", "tante", "onkel", "uncle", "auntie", "don", "dona"],
]);
/** Romance articles after which, where only a name goes, an unknown word is a name. */
const NAME_ARTICLE: ReadonlySet<string> = new Set(["o", "a", "el", "la"]);

/** Whether a key is an article or title a name may stand behind ("o", "dem", "papa"). */
export function isArticle(key: string): boolean {
  return ARTICLE.has(key);
}

/**
 * Whether a key is a Romance article after which, behind "with", any unknown word is somebody's
 * name ("con el rodri", "com o zé", "com a keila"; round 9): nobody shares with "the" thing.
 */
export function isNameArticle(key: string): boolean {
  return NAME_ARTICLE.has(key);
}
