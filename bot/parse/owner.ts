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
  ...["meine", "meinen", "minha", "meu", "em"],
]);

/**
 * Words for relatives and partners (keys): a member named as theirs is whom a thing is for, not
 * who shares ("bouquet pour la maman de Chloé", "presente pra mãe da Kátia", "Blueme für em
 * Fabian sini Mami").
 */
const KIN: ReadonlySet<string> = new Set([
  ...["mom", "mum", "mother", "dad", "father", "mama", "mami", "papa", "papi", "mamie", "papy"],
  ...["grandma", "granny", "nan", "nana", "grandpa", "sister", "brother", "wife", "husband"],
  ...["girlfriend", "boyfriend", "son", "daughter", "aunt", "uncle", "baby", "kids", "parents"],
  ...["madre", "padre", "mama", "abuela", "abuelo", "hermana", "hermano", "novia", "novio"],
  ...["hija", "hijo", "tia", "tio", "suegra", "suegro", "mutter", "vater", "oma", "opa"],
  ...["schwester", "bruder", "freundin", "freund", "tochter", "sohn", "tante", "onkel", "mueti"],
  ...["maman", "mere", "pere", "soeur", "frere", "copine", "copain", "fille", "fils", "tata"],
  ...["mae", "pai", "avo", "irma", "irmao", "namorada", "namorado", "filha", "filho", "sogra"],
  // Hyphenated French grandparents, one word as typed (round 10).
  ...["grand-mere", "grand-pere", "grands-parents", "belle-mere", "beau-pere"],
]);

/** Possessive words between a name and a relative ("Fabian sini Mami", "Léa sa mère"). */
const POSSESSIVE: ReadonlySet<string> = new Set([
  ...["sini", "sin", "sis", "seine", "seiner", "ihre", "ihrer", "sa", "son", "ses", "su", "sus"],
  ...["sua", "seu"],
]);

/**
 * Whether a key is a word for a relative or a possessive (known words, so that "Mami" is no typo
 * of "mai" and no stranger's name; not grammar words, which the name lists must not hold).
 */
export function isKinWord(key: string): boolean {
  return KIN.has(key) || POSSESSIVE.has(key);
}

/** Whether the owner word before the name at `i` follows a relative ("la maman de Chloé"). */
function kinBefore(tokens: readonly Token[], i: number): boolean {
  let k = i - 1;
  if (k >= 0 && ARTICLE.has(tokens[k].key)) k--;
  return k >= 1 && OWNER.has(tokens[k].key) && KIN.has(tokens[k - 1].key);
}

/** Whether a relative follows the name at `i`, with a possessive between ("Fabian sini Mami"). */
function kinAfter(tokens: readonly Token[], i: number): boolean {
  const next = tokens[i + 1]?.key ?? "";
  return KIN.has(next) || (POSSESSIVE.has(next) && KIN.has(tokens[i + 2]?.key ?? ""));
}

/** Whether a key is a gift word, or a compound ending in one ("Geburtstagsgeschenk"). */
function isGiftWord(key: string): boolean {
  if (GIFT.has(key)) return true;
  for (let cut = 4; cut <= key.length - 4; cut++) if (GIFT.has(key.slice(cut))) return true;
  return false;
}

/** Whether the name at `i` follows an owner word, across one article ("de hugo", "pa la josefa"). */
export function isOwnedName(tokens: readonly Token[], i: number): boolean {
  let k = i - 1;
  if (k >= 0 && ARTICLE.has(tokens[k].key)) k--;
  return k >= 0 && OWNER.has(tokens[k].key);
}

/**
 * Whether the name at `i` is whom a gift is for: an owner word before it and a gift word earlier
 * ("regalo pa Emiliano", "prenda pa Leonor", "Geburtstagsgeschenk für Wiebke"), or a relative
 * of theirs ("cadeau pour la maman d'Arnaud", "pagne pour la maman de Yao", "für em Fabian sini
 * Mami"), list or not.
 */
export function isGiftee(tokens: readonly Token[], i: number): boolean {
  return isKinOwned(tokens, i) ||
    (isOwnedName(tokens, i) && tokens.slice(0, i).some((t) => isGiftWord(t.key)));
}

/** Whether the name at `i`, after an owner word, is named as a relative's ("la maman de Chloé"). */
export function isKinOwned(tokens: readonly Token[], i: number): boolean {
  // Popular French "la mère à Nour" owns with "à", right after the relative (round 8).
  const popular = tokens[i - 1]?.key === "a" && KIN.has(tokens[i - 2]?.key ?? "");
  return popular || (isOwnedName(tokens, i) && (kinBefore(tokens, i) || kinAfter(tokens, i)));
}

/** Whether the message lists who shares after `i` with "between" words ("split between", "entre"). */
export function listFollows(
  tokens: readonly Token[],
  i: number,
  isListWord: (key: string) => boolean,
): boolean {
  return tokens.some((t, k) => k > i && isListWord(t.key));
}

/** "for" words before whom a thing is bought (keys; "pa" is spoken "para"). */
const FOR_WHOM: ReadonlySet<string> = new Set(["for", "para", "pa", "fur", "pour", "pra", "pro"]);

/**
 * Whether the words say a thing is for somebody's relative: a "for" word, then a relative and an
 * owner ("pra mãe do Simão", "pour la maman de Sione") or an owner's possessive and a relative
 * ("for Mutinta's mum"). Bought for a relative, a thing nothing else names is a present (round
 * 10): nobody splits their mother's cloth, tea or chitenge as the group's own spending.
 */
export function isForRelative(tokens: readonly Token[]): boolean {
  return tokens.some((t, i) => {
    if (!FOR_WHOM.has(t.key)) return false;
    let k = i + 1;
    if (ARTICLE.has(tokens[k]?.key ?? "")) k++;
    const at = tokens[k]?.key ?? "";
    const next = tokens[k + 1]?.key ?? "";
    return (KIN.has(at) && OWNER.has(next)) || (/['’]s$/u.test(at) && KIN.has(next));
  });
}
