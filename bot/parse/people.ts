import { isBrandName } from "./lexicon/brands.ts";
import { isFirstName } from "./lexicon/first_names.ts";
import { keyOf, type Token } from "./text.ts";
import type { ParseContext } from "./types.ts";

/** Words for the sender (keys): English, Spanish, German, French ("j'" of "j'ai"), Portuguese. */
const ME: ReadonlySet<string> = new Set([
  "me",
  "i",
  "myself",
  "yo",
  "mi",
  "ich",
  "mir",
  "mich",
  "moi",
  "je",
  "j",
  "eu",
  "mim",
]);

/** Words for every member (keys). */
const ALL: ReadonlySet<string> = new Set([
  "all",
  "everyone",
  "everybody",
  "us",
  "todos",
  "todas",
  "nosotros",
  "alle",
  "allen",
  "alli",
  "olle",
  "uns",
  "tous",
  "toutes",
  // "tout sauf Kenza": French chat's "tout" for "tous".
  "tout",
  "nous",
  "nos",
  "gente",
  // Bajan "wunna" (you all; "fuh wunna all", round 10).
  "wunna",
]);

/** A person a word names: one member, or everyone. */
export type Person = { readonly member: string } | { readonly everyone: true };

/** Whether a key is a word for the sender or for everyone (for the vocabulary). */
export function isPersonWord(key: string): boolean {
  // "tout" is in the generated category lexicon (a known word already; it holds no grammar word).
  return (ME.has(key) || ALL.has(key)) && key !== "tout";
}

/** The keys of a group's member names, made once per members list (a message reads many). */
const KEYS = new WeakMap<readonly string[], readonly string[]>();

/** The keys of a group's member names, in the members' order (made once per members list). */
export function memberKeys(members: readonly string[]): readonly string[] {
  return keysOf(members);
}

function keysOf(members: readonly string[]): readonly string[] {
  let keys = KEYS.get(members);
  if (keys === undefined) {
    keys = members.map(keyOf);
    KEYS.set(members, keys);
  }
  return keys;
}

/** The member a name means, case- and accent-insensitively ("ana", "JOSE" for "José"). */
export function memberNamed(key: string, members: readonly string[]): string | undefined {
  const at = keysOf(members).indexOf(key);
  return at < 0 ? undefined : members[at];
}

/**
 * The person a token names: a member by name, the sender ("me", "I", "yo",
 * "mí", "ich", "mir", "mich" → `context.me`), or everyone ("all",
 * "everyone", "todos", "alle"...); `undefined` for any other word.
 *
 * @example
 * ```ts
 * resolvePerson(tokenize("mir")[0], { me: "Ana", members: ["Ana", "Bob"] }); // { member: "Ana" }
 * ```
 */
export function resolvePerson(
  token: Token | undefined,
  context: Pick<ParseContext, "me" | "members">,
): Person | undefined {
  if (token === undefined) return undefined;
  const member = memberNamed(token.key, context.members);
  if (member !== undefined) return { member };
  if (ME.has(token.key)) return { member: context.me };
  if (ALL.has(token.key)) return { everyone: true };
  return undefined;
}

/**
 * Whether a token looks like somebody's name though it is no member's: it
 * starts with a capital letter and is none of the parser's known words.
 * Used only where a name is expected ("split with Zed", "Zed paid"), to
 * refuse rather than guess.
 */
export function looksLikeName(
  token: Token | undefined,
  isKnownWord: (key: string) => boolean,
): boolean {
  return token !== undefined && /^\p{Lu}\p{Ll}+$/u.test(token.raw) && !isKnownWord(token.key);
}

/**
 * Whether a token may be somebody's name where only a name can go ("with kevin", "mit stefan"),
 * in any case: a first name of the list (`lexicon/first_names.ts`) and none of the parser's known
 * words. Other words stay a description ("with oat milk", "con gambas", "dinner with friends").
 */
export function mayBeName(
  token: Token | undefined,
  isKnownWord: (key: string) => boolean,
): boolean {
  return token !== undefined && isFirstName(token.key) && !isKnownWord(token.key);
}

/**
 * Whether a token in the subject's place, before a paying verb ("dai paid", "manolo pagó", "la
 * wara pagó", "da sepp hot … zahlt"), is a stranger's name in any case: a word of letters that
 * is no known word of the parser's lexicons and no brand's name (round 8). Only there: elsewhere
 * an unknown lower-case word is a thing ("with oat milk").
 */
export function isUnknownSubject(
  token: Token | undefined,
  isKnownWord: (key: string) => boolean,
): boolean {
  return token !== undefined && /^\p{L}{3,}$/u.test(token.key) && !isKnownWord(token.key) &&
    !isBrandName(token.key);
}
