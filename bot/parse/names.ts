/**
 * Members' names of several words ("Ana Clara", "Jean-Luc" is one word already): their words in a
 * message are joined into one token, so that every rule reads the name as one person ("com
 * Beatriz e Ana Clara", "ana clara pagou o iFood"). Pure.
 *
 * @module
 */
import { keyOf, type Token } from "./text.ts";

/** The members' names of two words or more, as lists of keys, longest first. */
function longNames(members: readonly string[]): string[][] {
  return members.map((m) => keyOf(m).split(/\s+/)).filter((w) => w.length > 1)
    .sort((a, b) => b.length - a.length);
}

/**
 * The tokens with each run of words that spells a member's name of several words joined into
 * one token (its key the name's key, its raw and lower spellings as typed, joined by a space).
 *
 * @example
 * ```ts
 * joinMemberNames(tokenize("uber 27 eu e ana clara"), ["Lucas", "Ana Clara"]).at(-1)?.key;
 * // "ana clara"
 * ```
 */
export function joinMemberNames(tokens: readonly Token[], members: readonly string[]): Token[] {
  const names = longNames(members);
  if (names.length === 0) return [...tokens];
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const name = names.find((words) =>
      words.every((w, k) =>
        tokens[i + k]?.key === w && (k === words.length - 1 || !tokens[i + k].comma)
      )
    );
    if (name === undefined) {
      out.push(tokens[i]);
      continue;
    }
    const run = tokens.slice(i, i + name.length);
    const last = run[run.length - 1];
    const joined: Token = {
      raw: run.map((t) => t.raw).join(" "),
      lower: run.map((t) => t.lower).join(" "),
      key: name.join(" "),
    };
    out.push(last.comma ? { ...joined, comma: true } : joined);
    i += name.length - 1;
  }
  return out;
}
