/**
 * Typos corrected in a message's tokens before the parser reads them (see `typos.ts` for the
 * rule): towards the parser's words in its five languages, its hand-kept category keywords and
 * the group's member names; never towards the generated category lexicon, whose thousands of
 * words would turn any unknown word into some category ("massage" into "passage"). A token is corrected only when it is no known word, has no digit, and exactly
 * one word of all of these is close enough; a capitalised word inside the message (maybe a
 * stranger's name) is never corrected towards a word of the category lexicon. Pure.
 *
 * @module
 */
import { categorize, keywords } from "./category.ts";
import { currencyWords } from "./currency.ts";
import { dateWords } from "./date.ts";
import { debtWords, isDebtWord } from "./debts.ts";
import { fillerWords, isFillerWord, isLinkWord } from "./description.ts";
import { intentWords } from "./intent.ts";
import { isFirstName } from "./lexicon/first_names.ts";
import { isOrdinaryWord } from "./lexicon/ordinary_words.ts";
import { serviceCategory } from "./lexicon/services.ts";
import { numberWords } from "./numbers.ts";
import { relativeDateWords } from "./relative_dates.ts";
import { roleWords } from "./roles.ts";
import { isHandingVerb } from "./roles.ts";
import { expectsName, nameExpectedAt, splitWords } from "./split.ts";
import { keyOf, type Token } from "./text.ts";
import { Corrector, distance, maxDistance } from "./typos.ts";

/** The members' names nearest to `typed` within its distance (a group has a few: no index). */
function nearestName(
  typed: string,
  names: readonly string[],
): { words: string[]; distance: number } {
  const max = maxDistance(typed);
  let words: string[] = [];
  let best = Infinity;
  for (const name of names) {
    if (name === typed || Math.abs(name.length - typed.length) > max) continue;
    const d = distance(name, typed);
    if (d > max) continue;
    if (d < best) {
      best = d;
      words = [name];
    } else if (d === best && !words.includes(name)) words.push(name);
  }
  return { words, distance: best };
}

let grammar: Corrector | undefined;

/** The parser's own words and hand-kept keywords, indexed once (the same for every message). */
function grammarWords(): Corrector {
  grammar ??= new Corrector([
    ...intentWords(),
    ...dateWords(),
    ...relativeDateWords(),
    ...roleWords(),
    ...debtWords(),
    ...splitWords(),
    ...currencyWords(),
    ...numberWords(),
    ...fillerWords(),
  ]);
  return grammar;
}

let shortWords: ReadonlySet<string> | undefined;
let shortDates: readonly string[] | undefined;

/** The grammar words and keywords of two to four letters (for three-letter typos). */
function shortVocabulary(): ReadonlySet<string> {
  shortWords ??= new Set(
    [...grammarWords().words(), ...keywordIndex().words()].filter((w) => w.length <= 4),
  );
  return shortWords;
}

/** The date words of two to four letters ("hier", "ayer", "hoje"). */
function shortDateWords(): readonly string[] {
  shortDates ??= [...dateWords(), ...relativeDateWords()].filter((w) => w.length <= 4);
  return shortDates;
}

/**
 * Whether `a` and `b` are one edit apart (a letter changed, added, dropped, or two adjacent
 * letters swapped): the distance of 1 without building a matrix (three-letter words are many).
 */
function oneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
}

/** Whether `a` and `b`, of one length, differ in exactly one letter ("frm", "fri"). */
function changedLetter(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
}

/** Whether `long` is `short` with one letter added anywhere ("hier" of "hir"). */
function oneLetterDropped(short: string, long: string): boolean {
  if (long.length !== short.length + 1) return false;
  for (let i = 0; i < long.length; i++) {
    if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}

/**
 * A three-letter word's one member name or date word one edit away ("Bbo" → "bob", "hir" →
 * "hier"). Three letters are close to many words, so any other word of the vocabulary one edit
 * away leaves it as typed, unless only one of them is the typed word with a letter it dropped
 * (the commonest slip: "Hgo" is "Hugo", not "ago"). A capitalised word is only a name's typo.
 */
function shortTypo(
  typed: string,
  memberKeys: readonly string[],
  capital: boolean,
): string | undefined {
  const near = (w: string) => oneEdit(typed, w);
  const names = memberKeys.filter(near);
  // A date word changed in one of three letters is another word more often than a slip ("frm"
  // is "from", not "fri"; round 10): a date's slip drops, adds or swaps a letter ("hir", "tdy").
  const dates = capital
    ? []
    : shortDateWords().filter((w) =>
      near(w) && !firstLetterOnly(typed, w) && !changedLetter(typed, w)
    );
  const targets = new Set([...names, ...dates]);
  if (targets.size === 0) return undefined;
  const others: string[] = [];
  for (const w of shortVocabulary()) if (!targets.has(w) && near(w)) others.push(w);
  if (targets.size === 1 && others.length === 0) return [...targets][0];
  const dropped = [...targets, ...others].filter((w) => oneLetterDropped(typed, w));
  return dropped.length === 1 && targets.has(dropped[0]) ? dropped[0] : undefined;
}

let categoryWords: Corrector | undefined;

/** The hand-kept category keywords, indexed once (the generated lexicon is never a target). */
function keywordIndex(): Corrector {
  categoryWords ??= new Corrector(keywords());
  return categoryWords;
}

/**
 * Whether the token at `i` is a member's name in the possessive before a word ("olivias mom",
 * "marcus's dad"): a thing of theirs, no typo of their name.
 */
function isPossessive(tokens: readonly Token[], i: number, memberKeys: readonly string[]): boolean {
  const bare = tokens[i].key.replace(/(?:['’]s|s)$/u, "");
  const next = tokens[i + 1]?.key ?? "";
  return bare !== tokens[i].key && memberKeys.includes(bare) && /^\p{L}/u.test(next) &&
    !expectsName(next);
}

/** Whether a key after a capitalised first word makes it a subject: a paying verb, an auxiliary. */
function subjectNext(key: string): boolean {
  return isHandingVerb(key) || ["hat", "hod", "a", "ha", "has", "have"].includes(key);
}

/**
 * Whether `long` is `short` with one letter added that neither doubles its neighbour ("hierr",
 * "bobb": a key held down) nor is a closing "s" or "e" (a plural, "fürs", German "halbe"):
 * another word, mostly (a Romance ending, "justa"; a letter inside, "thru").
 */
function addedLetter(short: string, long: string): boolean {
  if (long.length !== short.length + 1) return false;
  for (let i = 0; i < long.length; i++) {
    if (long.slice(0, i) + long.slice(i + 1) !== short) continue;
    const doubled = long[i] === long[i - 1] || long[i] === long[i + 1];
    if (doubled || (i === long.length - 1 && "se".includes(long[i]))) return false;
  }
  return oneLetterDropped(short, long);
}

/**
 * Whether correcting `typed` to `word` would make another word of it rather than mend a slip
 * (round 8): two edits into a category keyword that change the word's first half, where a
 * slip seldom falls ("presidentes" is no "presentes", "apartamento" no "aparcamiento"; two edits
 * at the end, "portagens" for "portagem", "navegnte" for "navegante", are slips); or a letter added to a word of four letters or fewer
 * that no key held down explains ("justa" is no "just", "thru" no "thu"; see `addedLetter`).
 */
function farFetched(typed: string, word: string, distance: number): boolean {
  if (distance >= 2 && keywordIndex().has(word)) {
    let same = 0;
    while (same < typed.length && typed[same] === word[same]) same++;
    if (same < Math.floor(typed.length / 2)) return true;
  }
  return word.length <= 4 && addedLetter(word, typed);
}

/**
 * Whether `word` differs from `typed` only in its first letter, changed or added ("chow" →
 * "show", "ponta" → "conta", "rue" → "tue", "assado" → "passado"), and is a category keyword or
 * a date word: a slip seldom falls on the first letter, while another word of the five languages
 * often differs there (round 9). Member names and the other grammar words keep the rule of
 * distance ("cuanto" is "quanto").
 */
function firstLetterOnly(typed: string, word: string): boolean {
  const front = typed.slice(1) === word.slice(1) || typed === word.slice(1);
  return front && (keywordIndex().has(word) || dateWords().includes(word) ||
    relativeDateWords().includes(word));
}

/**
 * Whether a word changes what a message says when an ordinary word is read as it: a settling
 * word (a settle-up), a payment or other service's name, a function word ("salé" is no "salde",
 * "amazonas" no "amazon", "Pepa" no "pela", "shark" no "share"; round 9). An ordinary word still
 * mends into a thing's word of another language ("alojamento", "portagens") or a date word
 * ("heir", "gesten": slips of the commonest words).
 */
function changesSense(word: string, typed: string): boolean {
  // "fürs" is "für" and "s", not English "furs".
  if (typed === `${word}s`) return false;
  return isDebtWord(word) || serviceCategory(word) !== undefined || isLinkWord(word) ||
    isFillerWord(word);
}

/**
 * The tokens with their typos corrected: the key of a corrected token is the word's (a member's
 * name's key for a name), its raw and lower spellings stay as typed.
 *
 * @example
 * ```ts
 * correctTypos(tokenize("taxi 12 yesterdy"), ["Ana"], isKnown)[2].key; // "yesterday"
 * ```
 */
export function correctTypos(
  tokens: readonly Token[],
  members: readonly string[],
  isKnown: (key: string) => boolean,
  isBrand: (key: string) => boolean = () => false,
  isOrdinary: (key: string) => boolean = isOrdinaryWord,
): Token[] {
  const memberKeys = members.map(keyOf);
  return tokens.map((t, i): Token => {
    if (isPossessive(tokens, i, memberKeys)) return t;
    if (t.key.length === 3 && /^\p{L}+$/u.test(t.key) && !isKnown(t.key)) {
      // A brand's name of three letters ("MTN", "KFC") is no date's or name's typo either.
      if (isBrand(t.key)) return t;
      const short = shortTypo(t.key, memberKeys, /^\p{Lu}/u.test(t.raw));
      return short === undefined ? t : { ...t, key: short };
    }
    if (t.key.length < 4 || /[^\p{L}'-]/u.test(t.key) || isKnown(t.key)) return t;
    // A brand's name ("Denner", "Volg", "Stan") stays as typed, unless a member's name is near.
    if (isBrand(t.key) && nearestName(t.key, memberKeys).words.length === 0) return t;
    // A capitalised word inside the message, or a first name in any case, may be a stranger's
    // name: only a member's name or a grammar word replaces it, never a category keyword ("mit
    // Paul" is not "mit pool", "com a camila" not "camisa").
    // So may a capitalised first word before a paying verb or its auxiliary ("Emeka paid", "Emeka
    // hat"): the verb's subject.
    const capital = /^\p{Lu}\p{Ll}+$/u.test(t.raw);
    const subject = capital && i === 0 && subjectNext(tokens[1]?.key ?? "");
    const name = (i > 0 && capital) || subject || isFirstName(t.key);
    const found = [nearestName(t.key, memberKeys)]
      .concat([grammarWords(), ...(name ? [] : [keywordIndex()])].map((c) => c.nearest(t.key)));
    const best = Math.min(...found.map((f) => f.distance));
    const all = new Set(found.flatMap((f) => f.distance === best ? f.words : []));
    const fetched = [...all].some((w) => farFetched(t.key, w, best));
    if (all.size === 1) {
      const word = [...all][0];
      if (fetched || (isOrdinary(t.key) && changesSense(word, t.key))) return t;
      // A function word is a typo's target only from the same first letter ("adn" → "and"; "à
      // gand" is Ghent, not "and"): a slip rarely adds a letter in front.
      if (firstLetterOnly(t.key, word)) return t;
      const minor = isLinkWord(word) || isFillerWord(word);
      return minor && word[0] !== t.key[0] ? t : { ...t, key: word };
    }
    // "dinnr": "dinner" or "diner", both food: any of them says what it was (unless the word
    // as typed has a category of its own, a brand's name: "billa" is no "bill").
    const kinds = new Set([...all].map((w) => categorize([w])));
    if (
      !name && !fetched && kinds.size === 1 && !kinds.has("other") &&
      categorize([t.key]) === "other"
    ) {
      return { ...t, key: [...all].sort()[0] };
    }
    // Where only a name can go ("com duatre", "and Lue"), the one member's name among them wins.
    const names = nameExpectedAt(tokens, i) ? [...all].filter((w) => memberKeys.includes(w)) : [];
    if (names.length === 1) return { ...t, key: names[0] };
    // A dropped last letter ("onte" for "ontem", not "onze"): the one date word or name that
    // the typed word begins, one letter shorter.
    const cut = [...all].filter((w) =>
      w.length === t.key.length + 1 && w.startsWith(t.key) &&
      (memberKeys.includes(w) || shortDateWords().includes(w) || dateWords().includes(w))
    );
    return cut.length === 1 ? { ...t, key: cut[0] } : t;
  });
}
