/**
 * "dinner 40 for 3 people": a head count, not an amount. Claims "3 people"
 * (and "for" before it) so that the amount step sees one amount; the caller
 * checks the count against who shares. Pure.
 *
 * @module
 */
import { isArticle, readNumberWords } from "./numbers.ts";
import type { Token } from "./text.ts";

/** Words for people after a count (keys). */
const PEOPLE: ReadonlySet<string> = new Set([
  "people",
  "ppl",
  "persons",
  "pax",
  "personas",
  "personen",
  "leute",
  "personnes",
  "pessoas",
  "person",
  "persona",
  "personne",
  "pessoa",
]);
/** Words that may introduce the count: "for 3 people", "entre 3 personas". */
const INTRO: ReadonlySet<string> = new Set([
  "for",
  "para",
  "fur",
  "between",
  "among",
  "entre",
  "unter",
  "zwischen",
  "zu",
  "pour",
  "pra",
]);

/**
 * The head count the message gives ("for 3 people", "for three people", "pour quatre
 * personnes"), claimed; `undefined` when none.
 */
export function extractHeadcount(tokens: readonly Token[], claimed: boolean[]): number | undefined {
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (claimed[i]) continue;
    const digits = /^\d{1,3}$/.test(tokens[i].key);
    const words = digits || isArticle(tokens[i].key) ? undefined : readNumberWords(tokens, i);
    const end = words?.end ?? i;
    if ((!digits && words === undefined) || claimed[end + 1]) continue;
    if (!PEOPLE.has(tokens[end + 1]?.key ?? "")) continue;
    for (let k = i; k <= end + 1; k++) claimed[k] = true;
    if (i > 0 && !claimed[i - 1] && INTRO.has(tokens[i - 1].key)) claimed[i - 1] = true;
    return digits ? Number(tokens[i].key) : words!.value;
  }
  return undefined;
}
