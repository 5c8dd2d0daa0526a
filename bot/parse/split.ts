import { isArticle, isNameArticle } from "./articles.ts";
import { isMonthWord } from "./date.ts";
import {
  isUnknownSubject,
  looksLikeName,
  mayBeName,
  type Person,
  resolvePerson,
} from "./people.ts";
import { isGiftee, isKinOwned, isOwnedName, listFollows } from "./owner.ts";
import { isHandingVerb, isRoleWord } from "./roles.ts";
import type { Token } from "./text.ts";
import type { ParseContext, Refusal } from "./types.ts";

/**
 * "with Ana": the payer and the named share the expense. Bavarian and Austrian "mit'n" is "mit
 * dem" run together ("mit'n Pauli"; round 10).
 */
const WITH: ReadonlySet<string> = new Set([
  ...["with", "w/", "w", "con", "mit", "avec", "com", "mit'n"],
]);
/** "between Ana and Bob": exactly the named share it. */
const BETWEEN: ReadonlySet<string> = new Set([
  ...["between", "among", "entre", "zwischen", "unter", "parmi"],
]);
/**
 * "just me", "solo yo", "nur ich", "juste moi", "só eu": exactly the named share it, when a person
 * follows; after a list ("me only", "moi seulement") the word is the list's too.
 */
const ONLY: ReadonlySet<string> = new Set([
  // Spoken "jus'" ("jus me", round 8); before a person only, so French "jus" stays juice.
  ...["just", "jus", "only", "solo", "solamente", "unicamente", "nur", "bloss", "juste"],
  ...["seulement", "uniquement", "so", "somente", "apenas"],
  // "alone" after a person: "yo sola", "moi seule", "eu sozinho", "ich allein".
  ...["alone", "sola", "seul", "seule", "sozinho", "sozinha", "allein"],
]);
/** "for me and Chen": exactly the named share it, when a person follows. */
// "pa" is Chile's and the River Plate's spoken "para" ("pal", "para el", would make "Paul" a typo).
// Jamaican "fi" ("fi kemar", round 8), Bajan "fuh" ("fuh rohan", round 10).
const FOR: ReadonlySet<string> = new Set([
  ...["for", "para", "fur", "pour", "pra", "pro", "pa", "fi", "fuh"],
]);
/** Of {@linkcode FOR}, the spoken forms of "para". */
const SPOKEN_FOR: ReadonlySet<string> = new Set(["pa"]);
/**
 * Words joining names in a list: "and", "y", "und" ("u"), "et", "e", "&", "+" (and a comma);
 * Québec's "pis" ("moi pis Rosalie"); Swahili's "na", as Kenyans and Tanzanians write it in
 * English ("me na otieno"; only between two people).
 */
const AND: ReadonlySet<string> = new Set([
  ...["and", "n", "y", "e", "und", "u", "et", "&", "+", "plus", "pis", "na"],
  // Round 8: English "an" as spoken in Jamaica ("mi an kemar"), Swabian "ond" ("i ond sabine");
  // only between two people, as every word here.
  ...["an", "ond"],
]);
/**
 * Of {@linkcode FOR}, the words that also mean "to": right after a handing verb and its amount
 * they name who receives ("paguei 30 pra Beatriz", "devolvi 50 pro Rafael"), not who shares.
 */
const TO_AFTER_HANDING: ReadonlySet<string> = new Set(["pra", "pro", "para"]);

/** Whether the nearest unclaimed word before `i` is a handing verb ("paguei [30] pra"). */
function handedJustBefore(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  i: number,
): boolean {
  let k = i - 1;
  while (k >= 0 && claimed[k]) k--;
  return k >= 0 && isHandingVerb(tokens[k].key);
}

/** "with me" in one word: "a medias conmigo", "dividido comigo". */
const WITH_ME: ReadonlySet<string> = new Set(["conmigo", "comigo"]);
/** "everyone except Chen": the members after it are left out. */
const EXCEPT: ReadonlySet<string> = new Set([
  "except",
  "excluding",
  "but",
  "minus",
  "menos",
  "excepto",
  "salvo",
  "ausser",
  "ausser",
  "ohne",
  "sauf",
  "excepte",
  "hormis",
  "exceto",
  "fora",
  "tirando",
  // "without": "airbnb 230 sans Karim", "sin Marta", "sem o Rui", "without Tom".
  "sans",
  "sin",
  "sem",
  "without",
]);
/** Phrases for everyone, as keys: "tout le monde", "todo el mundo", "todo mundo", "toda a gente". */
const EVERYONE_PHRASES: readonly (readonly string[])[] = [
  ["tout", "le", "monde"],
  ["todo", "el", "mundo"],
  ["todo", "mundo"],
  ["toda", "a", "gente"],
  ["all", "of", "us"],
  // Québec's "toute la gang".
  ["toute", "la", "gang"],
  // Jamaican "all a wi" (all of us, round 8).
  ["all", "a", "wi"],
];

/**
 * Spoken shortenings of "todos" after a spoken "para" (round 8): Andalusian "pa tos". Only
 * there: "para la tos" is a cough.
 */
function spokenEveryone(tokens: readonly Token[], claimed: readonly boolean[], at: number) {
  return !claimed[at] && tokens[at]?.key === "tos" && SPOKEN_FOR.has(tokens[at - 1]?.key ?? "");
}

/** Who shares an expense, as the message says it. */
export interface Split {
  /** Whether the payer is included besides the named ("with"). */
  readonly withPayer: boolean;
  /** Whether everyone is named ("between all"). */
  readonly everyone: boolean;
  /** The members named. */
  readonly members: ReadonlySet<string>;
  /** The members left out ("everyone except Chen"). */
  readonly excluded: ReadonlySet<string>;
}

/** The last index of a phrase for everyone starting at `start` ("tout le monde"), if one does. */
function everyonePhrase(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  start: number,
): number | undefined {
  if (spokenEveryone(tokens, claimed, start)) return start;
  for (const phrase of EVERYONE_PHRASES) {
    if (
      phrase.every((w, k) =>
        start + k < tokens.length && !claimed[start + k] &&
        tokens[start + k].key === w
      )
    ) return start + phrase.length - 1;
  }
  return undefined;
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
  nameExpected = false,
): { people: Person[]; end: number } | Refusal {
  const free = (k: number) => k < tokens.length && !claimed[k];
  const personAt = (k: number) => free(k) ? resolvePerson(tokens[k], context) : undefined;
  /** A stranger's name: capitalised, or any unknown word where only a name can go ("with kevin"). */
  // Behind "with" and a Romance article, any unknown word is a name ("con el rodri"; round 9).
  const afterArticle = (k: number) =>
    nameExpected && k === start + 1 && isNameArticle(tokens[start].key) &&
    (isUnknownSubject(tokens[k], isKnownWord) ||
      (/^\p{L}{2}$/u.test(tokens[k].key) && !isKnownWord(tokens[k].key)));
  // An unknown word closing the message, right behind "with" or joined to a person of the list,
  // is a name in any case: nothing else ends "cena 40 con xabier", "for me n kemar" (round 10).
  // Not a plural ("dinner with friends", "con colegas"): that is a group or a thing, and names
  // ending in "s" (Carlos, Jonas) are in the first names already.
  const closing = (k: number) =>
    tokens.slice(k + 1).every((_, n) => claimed[k + 1 + n]) &&
    isUnknownSubject(tokens[k], isKnownWord) && !tokens[k].key.endsWith("s") &&
    ((nameExpected && k === start) ||
      (k >= 2 && AND.has(tokens[k - 1].key) && personAt(k - 2) !== undefined));
  // A capitalised month behind "with" (and an article) is a person's name, as many are:
  // "mit em Marco", "con Julio", "with June" (round 10); nobody shares with a month.
  const monthName = (k: number) =>
    nameExpected && (k === start || (k === start + 1 && isArticle(tokens[start].key))) &&
    /^\p{Lu}\p{Ll}+$/u.test(tokens[k].raw) && isMonthWord(tokens[k].key);
  const stranger = (k: number) =>
    free(k) &&
    (looksLikeName(tokens[k], isKnownWord) || afterArticle(k) || closing(k) || monthName(k) ||
      (nameExpected && mayBeName(tokens[k], isKnownWord)));
  const nameLike = (k: number) => personAt(k) !== undefined || stranger(k);
  /** Skips an article before a name: "com o Bob". */
  const article = (k: number) => free(k) && isArticle(tokens[k].key) && nameLike(k + 1) ? k + 1 : k;
  /** Whether the people from `k` on end with a conjunction and one more ("derek and shauna"). */
  const closedByAnd = (k: number) => {
    let m = k;
    while (personAt(m) !== undefined && !tokens[m].comma) m = article(m + 1);
    return m > k && free(m) && AND.has(tokens[m].key) && personAt(article(m + 1)) !== undefined;
  };
  /** Whether the people from `k` on, with no joining word, run to the message's end. */
  const closesMessage = (k: number) => {
    let m = k;
    while (personAt(m) !== undefined) m++;
    return m > k && tokens.slice(m).every((_, n) => claimed[m + n]);
  };
  const people: Person[] = [];
  let j = article(start);
  while (free(j)) {
    const phrase = everyonePhrase(tokens, claimed, j);
    if (phrase !== undefined) {
      people.push({ everyone: true });
      return { people, end: phrase };
    }
    const person = personAt(j);
    if (person === undefined) {
      if (stranger(j)) return { reason: `unknown name ${tokens[j].raw}` };
      break;
    }
    // "everyone except paolo, marvin paid": after a comma, a person before a paying verb is the
    // payer, whom the list does not take (round 8).
    if (
      people.length > 0 && tokens[j - 1]?.comma && free(j + 1) && isHandingVerb(tokens[j + 1].key)
    ) {
      return { people, end: j - 1 };
    }
    people.push(person);
    let k = j + 1;
    let separated = tokens[j].comma === true;
    if (free(k) && AND.has(tokens[k].key)) {
      separated = true;
      k++;
    }
    k = article(k);
    // Where only names can go, a list may run on without commas: "split between me tom and aisha";
    // anywhere, a run of people closed by a conjunction is a list: "me derek and shauna", and so
    // is a run of people closing the message ("hawker dinner $26.40 me arjun siti").
    const runsOn = personAt(k) !== undefined &&
      (nameExpected || closedByAnd(k) || closesMessage(j));
    if (!(separated || runsOn) || !nameLike(k)) return { people, end: j };
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
  const excluded = new Set<string>();
  /** Takes the people read from `from` to `names.end`, and any "except …" after them. */
  const take = (from: number, names: { people: Person[]; end: number }): Refusal | number => {
    found = true;
    for (const p of names.people) {
      if ("everyone" in p) everyone = true;
      else members.add(p.member);
    }
    let end = names.end;
    const all = names.people.some((p) => "everyone" in p);
    if (all && end + 1 < tokens.length && !claimed[end + 1] && EXCEPT.has(tokens[end + 1].key)) {
      const left = readNames(tokens, claimed, end + 2, context, isKnownWord, true);
      if ("reason" in left) return left;
      for (const p of left.people) if (!("everyone" in p)) excluded.add(p.member);
      if (left.people.length > 0) end = left.end;
    }
    // "just for me", "solo para mí", "nur für mich": the word opens the phrase.
    // Québec's and France's "que pour moi" ("rien que pour moi") opens it too.
    const opener = from > 0 && !claimed[from - 1] ? tokens[from - 1].key : "";
    if (ONLY.has(opener) || (opener === "que" && FOR.has(tokens[from].key))) {
      claimed[from - 1] = true;
    }
    // "me only", "moi seulement": the word closes the list.
    if (end + 1 < tokens.length && !claimed[end + 1] && ONLY.has(tokens[end + 1].key)) end++;
    for (let j = from; j <= end; j++) claimed[j] = true;
    return end;
  };
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i].key;
    if (claimed[i]) continue;
    if (WITH_ME.has(key)) {
      found = true;
      withPayer = true;
      members.add(context.me);
      claimed[i] = true;
      continue;
    }
    // "abonnement 17,99 sauf moi", "airbnb 230 sans Karim": everyone but the named.
    if (EXCEPT.has(key) && !afterEveryone(tokens, claimed, i, context)) {
      const left = readNames(tokens, claimed, i + 1, context, isKnownWord, true);
      if ("reason" in left) return left;
      const named = left.people.flatMap((p) => "everyone" in p ? [] : [p.member]);
      if (named.length > 0) {
        found = true;
        everyone = true;
        for (const m of named) excluded.add(m);
        for (let j = i; j <= left.end; j++) claimed[j] = true;
        i = left.end;
        continue;
      }
    }
    if (!(WITH.has(key) || BETWEEN.has(key) || FOR.has(key) || ONLY.has(key))) continue;
    if (TO_AFTER_HANDING.has(key) && handedJustBefore(tokens, claimed, i)) continue;
    // "Geschenk für Lea 40 zwischen Max und mir": the list says who shares; Lea is in the thing.
    if (FOR.has(key) && listFollows(tokens, i, (k) => BETWEEN.has(k)) && ownedNext(tokens, i)) {
      continue;
    }
    // "regalo pa Emiliano", "regalo pa la Josefa": after the spoken "pa", whom a gift
    // is for stays in the description (round 5's reading; with "para" and "for" the corpus has
    // the gift split with that person alone, "regalo para José 40"); so does a member named as a
    // relative's ("pour la maman de Chloé", round 7).
    if ((SPOKEN_FOR.has(key) && giftFor(tokens, i)) || kinFor(tokens, i)) continue;
    const strict = WITH.has(key) || BETWEEN.has(key);
    const names = readNames(tokens, claimed, i + 1, context, isKnownWord, strict);
    if ("reason" in names) {
      if (FOR.has(key)) continue;
      return names;
    }
    if (names.people.length === 0) continue;
    if (WITH.has(key)) withPayer = true;
    const end = take(i, names);
    if (typeof end !== "number") return end;
    i = end;
  }
  if (!found) {
    const bare = bareList(tokens, claimed, context, isKnownWord);
    if (bare !== undefined && "reason" in bare) return bare;
    if (bare !== undefined) {
      const end = take(bare.start, bare);
      if (typeof end !== "number") return end;
    }
  }
  return { split: found ? { withPayer, everyone, members, excluded } : undefined };
}

/** Whether the words before `i` say everyone ("everyone except", "tout le monde sauf"): read elsewhere. */
function afterEveryone(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  i: number,
  context: Pick<ParseContext, "me" | "members">,
): boolean {
  if (i === 0 || claimed[i - 1]) return false;
  const before = resolvePerson(tokens[i - 1], context);
  if (before !== undefined && "everyone" in before) return true;
  // A phrase of several words: "tout le monde sauf", "todo mundo menos".
  for (let start = Math.max(0, i - 3); start < i - 1; start++) {
    if (everyonePhrase(tokens, claimed, start) === i - 1) return true;
  }
  return false;
}

/** Whether the "for" word at `i` names (across one article) whom a gift is for. */
function giftFor(tokens: readonly Token[], i: number): boolean {
  return (i + 1 < tokens.length && isGiftee(tokens, i + 1)) ||
    (i + 2 < tokens.length && isGiftee(tokens, i + 2));
}

/** Whether the "for" word at `i` is before a member named as a relative's ("pour la maman de Chloé"). */
function kinFor(tokens: readonly Token[], i: number): boolean {
  for (let k = i + 1; k <= i + 5 && k < tokens.length; k++) if (isKinOwned(tokens, k)) return true;
  return false;
}

/** Whether a name follows the "for" word at `i` (across one article) as the thing's owner. */
function ownedNext(tokens: readonly Token[], i: number): boolean {
  return (i + 1 < tokens.length && isOwnedName(tokens, i + 1)) ||
    (i + 2 < tokens.length && isOwnedName(tokens, i + 2));
}

/**
 * A list of people with no word before it, which names exactly who shares: "me and Raj", "yo y
 * José", "eu, Ana, e Beatriz", "Priya, Oliver and Raj", "me + Chen" (two people or more, joined),
 * or everyone but some ("todos menos José"), or one person and "only" ("me only"). Not a list that is a verb's subject or object
 * ("Bob and Chen paid", "paid Bob and Chen"): the word before and after must be no role word.
 */
function bareList(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  context: Pick<ParseContext, "me" | "members">,
  isKnownWord: (key: string) => boolean,
): { people: Person[]; end: number; start: number } | Refusal | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i]) continue;
    const everyoneHere = everyonePhrase(tokens, claimed, i) !== undefined;
    if (!everyoneHere && resolvePerson(tokens[i], context) === undefined) continue;
    if (i > 0 && !claimed[i - 1] && isRoleWord(tokens[i - 1].key)) continue;
    const names = readNames(tokens, claimed, i, context, isKnownWord);
    if ("reason" in names) return names;
    const next = tokens[names.end + 1];
    const all = names.people.some((p) => "everyone" in p);
    const except = all && next !== undefined && !claimed[names.end + 1] && EXCEPT.has(next.key);
    const only = next !== undefined && !claimed[names.end + 1] && ONLY.has(next.key);
    // "tout le monde", "todo mundo" alone: everyone, said in a phrase of its own.
    const phrase = all && names.end > i;
    if (names.people.length < 2 && !except && !only && !phrase) continue;
    if (!except && next !== undefined && !claimed[names.end + 1] && isRoleWord(next.key)) continue;
    return { ...names, start: i };
  }
  return undefined;
}

/** Whether a name is expected after a key ("with", "entre", "and"): typos there are names first. */
export function expectsName(key: string): boolean {
  return WITH.has(key) || BETWEEN.has(key) || AND.has(key) || ONLY.has(key) || EXCEPT.has(key);
}

/**
 * Whether a name is expected at `i` ("with", "entre", "and" before it, or one of them and an
 * article: "com a júlai"): typos there are names first.
 */
export function nameExpectedAt(tokens: readonly Token[], i: number): boolean {
  if (i > 1 && isArticle(tokens[i - 1].key) && expectsName(tokens[i - 2].key)) return true;
  return i > 0 && expectsName(tokens[i - 1].key);
}

/** The words that introduce the people sharing an expense (for typo correction). */
export function splitWords(): string[] {
  // The words for "except" too ("exept pieter"), but "but", whose slips are other words.
  return [...WITH, ...BETWEEN, ...FOR, ...[...EXCEPT].filter((k) => k !== "but")];
}

/**
 * Whether a key introduces or joins the people sharing an expense (for the vocabulary, so that
 * "sauf" is not corrected to "auf"). "except", "but" and "jus" are left out: the generated
 * category lexicon holds them (known words already), and the lexicon holds no grammar word.
 */
export function isSplitWord(key: string): boolean {
  return WITH.has(key) || BETWEEN.has(key) || FOR.has(key) || AND.has(key) || WITH_ME.has(key) ||
    (ONLY.has(key) && key !== "jus") ||
    ["monde", "mundo", "todo", "toda", "toute"].includes(key) ||
    (EXCEPT.has(key) && key !== "except" && key !== "but");
}
