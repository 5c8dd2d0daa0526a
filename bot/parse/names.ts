/**
 * Members' names of several words ("Ana Clara", "Jean-Luc" is one word already): their words in a
 * message are joined into one token, so that every rule reads the name as one person ("com
 * Beatriz e Ana Clara", "ana clara pagou o iFood"). Pure.
 *
 * @module
 */
import { isFirstName } from "./lexicon/first_names.ts";
import { memberKeys } from "./people.ts";
import { isHandingVerb } from "./roles.ts";
import { expectsName } from "./split.ts";
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

/** Articles that may stand between a list word and a name ("con la Regi", "eu e o gui"). */
const ARTICLES: ReadonlySet<string> = new Set(["o", "a", "el", "la", "le", "l", "the"]);

/**
 * Whether token `i` stands where a list puts a name: after a with-word or a joining word ("con
 * emi", "moi pis gab", "eu e o gui"), after a comma ("eu, gui e leti"), or before a joining word
 * ("emi y regi").
 */
function inListPosition(tokens: readonly Token[], i: number): boolean {
  let p = i - 1;
  if (p >= 0 && ARTICLES.has(tokens[p].key)) p--;
  const before = p >= 0 && (expectsName(tokens[p].key) || tokens[p].comma === true);
  const next = tokens[i + 1];
  return before || (next !== undefined && !tokens[i].comma && expectsName(next.key));
}

/**
 * The member whose name of two words `key` contracts, as Spanish speakers run them together: the
 * first word and the start of the second ("juanes" for Juan Esteban, "juanma" for Juan Manuel,
 * "juanpa" for Juan Pablo), when exactly one member's name does.
 */
function contracted(key: string, keys: readonly string[]): string | undefined {
  const whole = keys.filter((k) => {
    const [first, second, ...rest] = k.split(" ");
    if (second === undefined || rest.length > 0 || !key.startsWith(first)) return false;
    const tail = key.slice(first.length);
    return tail.length >= 2 && tail.length <= second.length - 2 && second.startsWith(tail);
  });
  return whole.length === 1 ? whole[0] : undefined;
}

/** Pet-name endings put on a clipped name: German and Austrian "-i" (Wolfi, Berni), English "-y", "-ie". */
const PET_ENDINGS = ["ie", "i", "y"] as const;

/**
 * The member whose name `key` makes a pet name of, the way German, Austrian and English speakers
 * do: the name's first four letters or more, then "-i", "-y" or "-ie" ("wolfi" for Wolfgang,
 * "berni" for Bernadette), when exactly one member's name starts so and is longer.
 */
function diminutiveOf(key: string, keys: readonly string[]): string | undefined {
  for (const ending of PET_ENDINGS) {
    if (!key.endsWith(ending)) continue;
    const stem = key.slice(0, -ending.length);
    if (stem.length < 4) continue;
    const whole = keys.filter((k) => k.length > stem.length + 1 && k.startsWith(stem));
    if (whole.length === 1) return whole[0];
  }
  return undefined;
}

/**
 * The tokens with each clipped member's name read as the member ("trini" for Trinidad, "benja"
 * for Benjamín, "gonza" for Gonzalo, "fiore" for Fiorella: the way Spanish and Portuguese
 * speakers shorten names): a word of four letters or more, the start of exactly one member's name
 * and at least two letters shorter, that is no known word and no first name of its own ("paul"
 * stays a stranger in a group with Paula). Where a list puts a name ("con emi y regi", "eu, gui
 * e leti", "juanes y manu"), three letters are enough and a first name of its own (Manu) is read
 * as the member too, if three letters or more shorter, and so is a clip of three letters opening
 * the message, where its subject stands (Liverpool's "ste got the tickets"), or after a handing
 * verb, where its object stands ("monzo'd ste £12.50"). A pet name on the
 * name's first four letters ("wolfi", "berni") and a contraction of a name of two words
 * ("juanes") are the member anywhere. Its key becomes the member's; what was typed stays.
 *
 * @example
 * ```ts
 * expandClippedNames(tokenize("pa la trini"), ["Trinidad", "Benjamín"], () => false).at(-1)?.key;
 * // "trinidad"
 * ```
 */
export function expandClippedNames(
  tokens: readonly Token[],
  members: readonly string[],
  isKnown: (key: string) => boolean,
): Token[] {
  const keys = memberKeys(members);
  return tokens.map((t, i) => {
    if (t.key.length < 3 || !/^\p{L}+$/u.test(t.key) || keys.includes(t.key)) return t;
    if (isKnown(t.key)) return t;
    const joined = contracted(t.key, keys);
    if (joined !== undefined) return { ...t, key: joined };
    const listed = inListPosition(tokens, i);
    const pet = diminutiveOf(t.key, keys);
    if (pet !== undefined) return { ...t, key: pet };
    // Where a role puts a name: the message's subject, a handing verb's object ("monzo'd ste").
    const role = i === 0 || (i > 0 && isHandingVerb(tokens[i - 1].key));
    if (t.key.length < 4 && !listed && !(role && t.key.length === 3)) return t;
    const whole = keys.filter((k) => k.length >= t.key.length + 2 && k.startsWith(t.key));
    if (whole.length !== 1) return t;
    if (isFirstName(t.key) && !(listed && whole[0].length >= t.key.length + 3)) return t;
    return { ...t, key: whole[0] };
  });
}
