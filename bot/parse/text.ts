/** One word of a message, in three spellings. */
export interface Token {
  /** As typed, without surrounding punctuation. */
  readonly raw: string;
  /** Lower case: what descriptions are made of. */
  readonly lower: string;
  /** Lower case without diacritics, "ß" as "ss": what keyword tables are matched on. */
  readonly key: string;
  /** Whether a comma followed the word ("Ana, Bob and Chen"): lists of names read it. */
  readonly comma?: boolean;
  /** Whether it is an elision split from the word after it ("l'" of "l'hôtel"). */
  readonly elided?: boolean;
}

/**
 * The matching form of a word: lower case, no diacritics, "ß" → "ss", so that
 * "Rückgängig", "ruckgangig" and "pagué"/"pague" meet the same table entry.
 */
export function keyOf(word: string): string {
  return word.toLowerCase().replaceAll("ß", "ss").normalize("NFD").replace(/\p{M}/gu, "");
}

const EDGES = /^[¿¡"'“”‘’«»(\[]+|[.,;:!?"'“”‘’«»)\]]+$/g;

/** Portuguese enclitic pronouns after a verb of three letters or more: "devolveu-me", "pagou-lhe". */
const ENCLITIC = /(?<=\p{L}{3})-(me|te|lhe|nos|lhes)(?=[.,;:!?]*$)/iu;

/** French and Portuguese elisions split from their word: "l'hôtel" → "l'" "hôtel", "j'ai". */
const ELISION = /^((?:l|d|j|m|t|s|n|c|qu)['’])(?=\p{L})/iu;

/**
 * Splits a message into tokens on white space, dropping punctuation at word
 * edges ("taxi," → "taxi", "3." → "3"). Arithmetic written with spaces is
 * joined first ("3 * 4.5" → "3*4.5", "12 + 8" → "12+8").
 *
 * @example
 * ```ts
 * tokenize("Taxi 3 * 4,50 €!").map((t) => t.raw); // ["Taxi", "3*4,50", "€"]
 * ```
 */
export function tokenize(text: string): Token[] {
  const joined = text.normalize("NFC")
    // Thousands grouped by spaces or apostrophes ("1 200 €", "1'800", "18 500f" with a short unit
    // attached), a Swiss "18.-" or "18.–".
    .replace(
      /(?<![\d.,'’/:-])(\d{1,3})(?:[ \u00a0\u202f'’]\d{3})+(?![\d'’])(?!\p{L}{5})/gu,
      (m) => m.replace(/[ \u00a0\u202f'’]/g, ""),
    )
    .replace(/(\d)[.,][-–—](?=\s|$)/g, "$1")
    .replace(/(\d)\s*([*×+])\s*(?=\d)/g, "$1$2")
    .replace(/(\d)\s+x\s+(?=\d)/gi, "$1x")
    // "2x 27.40", "3× 12": a count of things and the price of one.
    .replace(/(?<![\d.,])(\d{1,2})[x×]\s+(?=\d)/gi, "$1x")
    .replace(/(\p{L}),(?=\p{L})/gu, "$1, ")
    // German "es"/"das" clipped onto an auxiliary: "hat's Taxi gezahlt" is "hat das Taxi".
    .replace(/(?<![\p{L}'’])(hat|hab|habe|hast|hod|hot|hät)['’]s(?=\s|$)/giu, "$1");
  const tokens: Token[] = [];
  const words = joined.split(/\s+/).flatMap((word) => {
    // Portuguese enclitics: "devolveu-me" → "devolveu" "me", "paguei-lhe".
    const clitic = ENCLITIC.exec(word);
    if (clitic) return [word.slice(0, clitic.index), clitic[1]];
    const elided = ELISION.exec(word);
    return elided ? [elided[1].replace("’", "'"), word.slice(elided[1].length)] : [word];
  });
  for (const word of words) {
    const raw = word.replace(EDGES, "");
    const comma = /,["'“”‘’«»)\]]*$/.test(word);
    if (raw.length > 0) {
      const elided = /^(?:l|d|j|m|t|s|n|c|qu)['’]$/iu.test(word);
      const token = { raw, lower: raw.toLowerCase(), key: keyOf(raw), ...(elided && { elided }) };
      tokens.push(comma ? { ...token, comma } : token);
    } else if (comma && tokens.length > 0) {
      // "Bob , Léa": a comma standing alone belongs to the word before it.
      tokens[tokens.length - 1] = { ...tokens[tokens.length - 1], comma };
    }
  }
  return tokens;
}
