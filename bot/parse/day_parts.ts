/**
 * Parts of a day as dates, in English, Spanish, German, French and Portuguese: a part of the day
 * after "this" and its translations is today ("this morning", "esta mañana", "ce matin", "esta
 * manhã", "heute früh"), "tonight" too; "last night" and "anoche" are yesterday. After a date word
 * a part of the day belongs to it ("hier soir", "gestern Abend", "hoje de manhã", "heut in der
 * früh", "ayer por la tarde"), so it leaves the description. Pure.
 *
 * @module
 */
import type { Token } from "./text.ts";

/**
 * Parts of a day (keys). "mañana" and "morgen" alone mean tomorrow: they are parts of a day only
 * after a date word or a demonstrative ("esta mañana", "heute Morgen").
 */
const PART_OF_DAY: ReadonlySet<string> = new Set([
  "morning",
  "evening",
  "night",
  "afternoon",
  "noon",
  "lunchtime",
  "arvo",
  "noche",
  "tarde",
  "mediodia",
  "madrugada",
  "manana",
  "abend",
  "abends",
  "nacht",
  "mittag",
  "nachmittag",
  "vormittag",
  "morgen",
  "fruh",
  "soir",
  "matin",
  "midi",
  "apres-midi",
  "soiree",
  "matinee",
  "nuit",
  "noite",
  "manha",
]);

/** "this" before a part of the day (keys): "this morning", "esta mañana", "ce soir", "esta noite". */
const THIS: ReadonlySet<string> = new Set(["this", "esta", "este", "ce", "cette", "cet", "essa"]);

/** Whole words for a part of today or yesterday (keys). */
const ALONE: ReadonlyMap<string, number> = new Map([
  ["tonight", 0],
  ["tonite", 0],
  ["anoche", -1],
  // Chat spellings of "last night" as one word.
  ["lastnite", -1],
  ["lastnight", -1],
  ["lastnight", -1],
  ["anteanoche", -2],
]);

/** "last night", "la nuit dernière", "letzte Nacht", "ontem à noite" is read as a date word's part. */
const LAST: ReadonlySet<string> = new Set(["last", "letzte"]);
const NIGHT: ReadonlySet<string> = new Set(["night", "nite", "nacht"]);

/**
 * Words that may stand between a date word and its part of the day (keys): "hoje de manhã",
 * "ontem à noite", "ayer por la tarde", "heut in der Früh", "gestern am Abend", "hier au soir",
 * "gestern auf d'Nacht".
 */
const LINK: ReadonlySet<string> = new Set([
  ...["a", "al", "por", "de", "la", "en", "in", "der", "am", "au", "zu", "pela", "pelo", "le"],
  // Austrian and Bavarian "auf d'Nacht" (in the evening; round 10).
  ...["auf", "d"],
]);

/** Day parts the generated category lexicon holds (known words already; it holds no grammar word). */
const IN_LEXICON: ReadonlySet<string> = new Set(["morning", "soiree", "matin", "manha"]);

/** Whether a key is a word of this file (for the vocabulary). */
export function isDayPartWord(key: string): boolean {
  return ((PART_OF_DAY.has(key) && !IN_LEXICON.has(key)) || ALONE.has(key) || THIS.has(key)) &&
    key !== "este";
}

/**
 * The part of a day that starts at `i`, as days from today and the indices it covers: "this
 * morning" (0), "tonight" (0), "last night" (-1), "anoche" (-1), "à matin" (Québec: this
 * morning, 0); `undefined` otherwise.
 */
export function dayPartAt(
  tokens: readonly Token[],
  i: number,
): { days: number; indices: number[] } | undefined {
  const key = tokens[i].key;
  const next = tokens[i + 1]?.key ?? "";
  const alone = ALONE.get(key);
  if (alone !== undefined) return { days: alone, indices: [i] };
  if (THIS.has(key) && PART_OF_DAY.has(next)) return { days: 0, indices: [i, i + 1] };
  if (key === "this" && (next === "am" || next === "pm")) return { days: 0, indices: [i, i + 1] };
  if (LAST.has(key) && NIGHT.has(next)) return { days: -1, indices: [i, i + 1] };
  // "à matin", "à soir": Québec French for this morning, tonight (the accent is what says it).
  if (tokens[i].lower === "à" && (next === "matin" || next === "soir")) {
    return { days: 0, indices: [i, i + 1] };
  }
  return undefined;
}

/**
 * The last index of a part of the day that follows a date word ending at `i` ("hier soir",
 * "hoje de manhã", "heut in der Früh", up to two linking words), or `i` when none does.
 */
export function dayPartAfter(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  i: number,
): number {
  for (let j = i + 1; j <= i + 3 && j < tokens.length && !claimed[j]; j++) {
    if (PART_OF_DAY.has(tokens[j].key)) return j;
    if (!LINK.has(tokens[j].key)) return i;
  }
  return i;
}
