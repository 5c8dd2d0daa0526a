/**
 * A person named inside the description: "birthday present for Callum 30 split between me, Tom
 * and Aisha", "regalo pa la Josefa 20.000 entre Matías y yo", "Geburtstagsgeschenk für Lea 40
 * zwischen Max, Sophie und mir", "fleurs pour l'anniv d'Élodie 25 Karim et moi". When the message
 * says who shares in an explicit list, a name after "for"/"of" words (with an article between or
 * not) is whom the thing is for, part of the description, not one more person sharing.
 *
 * @module
 */
import { KEYWORDS } from "./keywords.ts";
import type { Token } from "./text.ts";

/** Gift words (keys): a name after them and a "for" word is whom the gift is for. */
const GIFT: ReadonlySet<string> = new Set(KEYWORDS.gifts);

/** "for" and "of" words of the five languages (keys; "d" is the elided "d'"). */
const OWNER: ReadonlySet<string> = new Set([
  ...[
    "for",
    "of",
    "para",
    "pa",
    "pal",
    "de",
    "del",
    "fur",
    "fuer",
    "furs",
    "von",
    "vom",
    "pour",
    "d",
  ],
  ...["pra", "pro", "do", "da", "dos", "das"],
]);

/** Articles that may stand between the "for" word and the name ("pa la Josefa", "para o Tiago"). */
const ARTICLE: ReadonlySet<string> = new Set([
  ...["the", "la", "el", "le", "l", "o", "a", "der", "die", "den", "dem", "my", "mi", "mon", "ma"],
  ...["meine", "meinen", "minha", "meu"],
]);

/** Whether the name at `i` follows an owner word, across one article ("de hugo", "pa la josefa"). */
export function isOwnedName(tokens: readonly Token[], i: number): boolean {
  let k = i - 1;
  if (k >= 0 && ARTICLE.has(tokens[k].key)) k--;
  return k >= 0 && OWNER.has(tokens[k].key);
}

/**
 * Whether the name at `i` is whom a gift is for: an owner word before it and a gift word earlier
 * ("regalo pa Emiliano", "prenda pa Leonor", "cadeau pour la maman d'Arnaud"), list or not.
 */
export function isGiftee(tokens: readonly Token[], i: number): boolean {
  return isOwnedName(tokens, i) && tokens.slice(0, i).some((t) => GIFT.has(t.key));
}

/** Whether the message lists who shares after `i` with "between" words ("split between", "entre"). */
export function listFollows(
  tokens: readonly Token[],
  i: number,
  isListWord: (key: string) => boolean,
): boolean {
  return tokens.some((t, k) => k > i && isListWord(t.key));
}
