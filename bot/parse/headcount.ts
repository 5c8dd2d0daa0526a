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
  "pa",
  "von",
  "de",
]);

/** "we" before a count: "nosotros tres", "wir drei", "für uns drei", "nous trois", "nós três". */
const WE: ReadonlySet<string> = new Set([
  "nosotros",
  "nosotras",
  "wir",
  "uns",
  "nous",
  "nos",
  "us",
]);

/** Words before "N of us": "the three of us", "all four of us". */
const THE: ReadonlySet<string> = new Set(["the", "all"]);

/** Spanish articles for "all N of us" at the end of a message: "pa los 4", "las tres". */
const THE_N: ReadonlySet<string> = new Set(["los", "las"]);

/** Whether a token other than `i` is written in digits (then a count in digits is no amount). */
function otherNumber(tokens: readonly Token[], i: number): boolean {
  return tokens.some((t, k) => k !== i && /\d/.test(t.key));
}

/** The last index of the words saying the count is of people after `end`, if they do. */
function peopleAfter(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  end: number,
): number | undefined {
  const free = (k: number) => k < tokens.length && !claimed[k];
  if (free(end + 1) && PEOPLE.has(tokens[end + 1].key)) return end + 1;
  // "the three of us"
  if (free(end + 2) && tokens[end + 1].key === "of" && tokens[end + 2].key === "us") return end + 2;
  return undefined;
}

/**
 * The head count the message gives ("for 3 people", "for three people", "pour quatre
 * personnes", "for the three of us", "para nosotros tres", "für uns drei"), claimed; `undefined`
 * when none.
 */
export function extractHeadcount(tokens: readonly Token[], claimed: boolean[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i]) continue;
    const digits = /^\d{1,3}$/.test(tokens[i].key);
    const words = digits || isArticle(tokens[i].key) ? undefined : readNumberWords(tokens, i);
    const end = words?.end ?? i;
    if (!digits && words === undefined) continue;
    let first = i;
    let last = peopleAfter(tokens, claimed, end);
    if (
      last !== undefined && tokens[last].key === "us" && first > 0 && THE.has(tokens[first - 1].key)
    ) {
      first--;
    }
    // "für uns drei", and in digits when another number is the amount: "von uns 3", "pour nous
    // 4", "pra nós 3" (a lone "for us 20" stays an amount).
    const small = !digits || (Number(tokens[i].key) <= 30 && otherNumber(tokens, i));
    if (last === undefined && small && i > 0 && !claimed[i - 1] && WE.has(tokens[i - 1].key)) {
      first = i - 1;
      last = end;
    }
    // "pa los 4", "didi 17400 los 4": the article and a count closing the message.
    if (
      last === undefined && small && end === tokens.length - 1 && i > 0 && !claimed[i - 1] &&
      THE_N.has(tokens[i - 1].key)
    ) {
      first = i - 1;
      last = end;
    }
    if (last === undefined) continue;
    for (let k = first; k <= last; k++) claimed[k] = true;
    if (first > 0 && !claimed[first - 1] && INTRO.has(tokens[first - 1].key)) {
      claimed[first - 1] = true;
    }
    return digits ? Number(tokens[i].key) : words!.value;
  }
  return undefined;
}
