import { looksLikeName, type Person, resolvePerson } from "./people.ts";
import type { Token } from "./text.ts";
import type { ParseContext, Refusal } from "./types.ts";

/** "with Ana": the payer and the named share the expense. */
const WITH: ReadonlySet<string> = new Set(["with", "w/", "con", "mit", "avec", "com"]);
/** "between Ana and Bob": exactly the named share it. */
const BETWEEN: ReadonlySet<string> = new Set([
  "between",
  "among",
  "entre",
  "zwischen",
  "unter",
  "parmi",
]);
/** "for me and Chen": exactly the named share it, when a person follows. */
const FOR: ReadonlySet<string> = new Set(["for", "para", "fur", "pour", "pra"]);
/** Words joining names in a list: "and", "y", "und", "et", "e", "&", "+" (and a comma). */
const AND: ReadonlySet<string> = new Set(["and", "y", "e", "und", "et", "&", "+", "plus"]);
/** Articles a name may take in Portuguese and Spanish speech: "com o Bob", "para a Ana". */
const ARTICLE: ReadonlySet<string> = new Set(["o", "a", "os", "as", "la", "el"]);

/** Who shares an expense, as the message says it. */
export interface Split {
  /** Whether the payer is included besides the named ("with"). */
  readonly withPayer: boolean;
  /** Whether everyone is named ("between all"). */
  readonly everyone: boolean;
  /** The members named. */
  readonly members: ReadonlySet<string>;
}

/**
 * Reads a list of people from `start`: "Ana, Bob and Chen", "Ana, Bob, and Chen", "Ana & Bob",
 * "Ana + Bob", "me and Ana", "Ana y Bob", "Ana und Bob", "Ana et Bob", "o Bob e a Ana". The people
 * and the last index, or a refusal for a capitalised stranger in the list.
 */
export function readNames(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  start: number,
  context: Pick<ParseContext, "me" | "members">,
  isKnownWord: (key: string) => boolean,
): { people: Person[]; end: number } | Refusal {
  const free = (k: number) => k < tokens.length && !claimed[k];
  const personAt = (k: number) => free(k) ? resolvePerson(tokens[k], context) : undefined;
  const nameLike = (k: number) =>
    personAt(k) !== undefined || (free(k) && looksLikeName(tokens[k], isKnownWord));
  /** Skips an article before a name: "com o Bob". */
  const article = (k: number) =>
    free(k) && ARTICLE.has(tokens[k].key) && personAt(k + 1) !== undefined ? k + 1 : k;
  const people: Person[] = [];
  let j = article(start);
  while (free(j)) {
    const person = personAt(j);
    if (person === undefined) {
      if (looksLikeName(tokens[j], isKnownWord)) return { reason: `unknown name ${tokens[j].raw}` };
      break;
    }
    people.push(person);
    let k = j + 1;
    let separated = tokens[j].comma === true;
    if (free(k) && AND.has(tokens[k].key)) {
      separated = true;
      k++;
    }
    k = article(k);
    if (!separated || !nameLike(k)) return { people, end: j };
    j = k;
  }
  return { people, end: j - 1 };
}

/**
 * Finds who shares the expense and claims those words: "split with Ana and
 * Bob" (the payer plus the named; also "con", "mit"), "between all", "for
 * me and Chen" (exactly the named; also "entre", "para", "zwischen", "für").
 * Several phrases add up. `undefined` when the message names no one (then
 * everyone shares). A capitalised unknown word after "with" or "between" is
 * refused ("unknown name Zed"); after "for" it is taken for a thing ("for
 * Netflix") and stays in the description.
 */
export function extractSplit(
  tokens: readonly Token[],
  claimed: boolean[],
  context: Pick<ParseContext, "me" | "members">,
  isKnownWord: (key: string) => boolean,
): { split: Split | undefined } | Refusal {
  let withPayer = false;
  let everyone = false;
  let found = false;
  const members = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i].key;
    if (claimed[i] || !(WITH.has(key) || BETWEEN.has(key) || FOR.has(key))) continue;
    const names = readNames(tokens, claimed, i + 1, context, isKnownWord);
    if ("reason" in names) {
      if (FOR.has(key)) continue;
      return names;
    }
    if (names.people.length === 0) continue;
    found = true;
    if (WITH.has(key)) withPayer = true;
    for (const p of names.people) {
      if ("everyone" in p) everyone = true;
      else members.add(p.member);
    }
    for (let j = i; j <= names.end; j++) claimed[j] = true;
    i = names.end;
  }
  return { split: found ? { withPayer, everyone, members } : undefined };
}

/** The words that introduce the people sharing an expense (for typo correction). */
export function splitWords(): string[] {
  return [...WITH, ...BETWEEN, ...FOR];
}

/** Whether a key introduces or joins the people sharing an expense (for the vocabulary). */
export function isSplitWord(key: string): boolean {
  return WITH.has(key) || BETWEEN.has(key) || FOR.has(key) || AND.has(key);
}
