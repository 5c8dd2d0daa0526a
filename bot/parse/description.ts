import type { Token } from "./text.ts";

/**
 * Words dropped from descriptions (keys): command verbs, pronouns, articles,
 * prepositions and conjunctions in English, Spanish and German.
 */
const FILLER: ReadonlySet<string> = new Set([
  // English
  "add",
  "added",
  "spent",
  "spend",
  "paid",
  "pay",
  "payed",
  "pays",
  "bought",
  "buy",
  "for",
  "on",
  "the",
  "a",
  "an",
  "of",
  "to",
  "at",
  "in",
  "my",
  "our",
  "some",
  "split",
  "shared",
  "share",
  "evenly",
  "equally",
  "and",
  "i",
  "we",
  "me",
  "back",
  "with",
  "w/",
  "by",
  "it",
  "them",
  "just",
  "expense",
  "please",
  "all",
  "everyone",
  "everybody",
  // Spanish
  "anadir",
  "anade",
  "agrega",
  "agregar",
  "apunta",
  "gaste",
  "gasto",
  "pague",
  "pago",
  "pagado",
  "compre",
  "compro",
  "para",
  "por",
  "en",
  "el",
  "la",
  "los",
  "las",
  "un",
  "una",
  "unos",
  "unas",
  "de",
  "del",
  "al",
  "y",
  "mi",
  "mis",
  "yo",
  "le",
  "dividido",
  "dividir",
  "divide",
  "compartido",
  "medias",
  "con",
  "entre",
  "todos",
  "nuestro",
  "nuestra",
  "gasto",
  // German
  "hinzufugen",
  "ausgegeben",
  "bezahlt",
  "gezahlt",
  // Bavarian and Austrian: "hod" (hat), "zahlt", "zoit" (gezahlt), "gschickt"; "hot" stays
  // (English "hot chocolate").
  ...["hod", "zahlt", "zoit", "zoid", "gschickt", "zruckzahlt", "zruckgeben", "zruckgem"],
  "gekauft",
  "zahlte",
  "kaufte",
  "habe",
  "hab",
  "hat",
  "het",
  "ich",
  "fur",
  "am",
  "im",
  "der",
  "die",
  "das",
  "den",
  "dem",
  "des",
  "ein",
  "eine",
  "einen",
  "einem",
  "mein",
  "meine",
  "und",
  "zu",
  "zum",
  "zur",
  "beim",
  "bei",
  "vom",
  "nach",
  "mit",
  "geteilt",
  "teilen",
  "von",
  "auf",
  "fuer",
  "wir",
  "alle",
  "allen",
  // French ("l'", "d'", "j'" are split from their word: their keys are "l", "d", "j")
  "ajoute",
  "ajouter",
  "ajoutez",
  "j",
  "l",
  "d",
  "m",
  "je",
  "ai",
  "avons",
  "on",
  "paye",
  "payee",
  "paie",
  "achete",
  "depense",
  "pour",
  "le",
  "les",
  "une",
  "des",
  "du",
  "au",
  "aux",
  "et",
  "avec",
  "mon",
  "ma",
  "mes",
  "notre",
  "nos",
  "nous",
  "tous",
  "toutes",
  "partage",
  "partager",
  "divise",
  "parmi",
  "chez",
  "moi",
  "s'il",
  "svp",
  // Portuguese
  "adicionar",
  "adiciona",
  "adicione",
  "anota",
  "paguei",
  "pagou",
  "gastei",
  "gastou",
  "comprei",
  "comprou",
  "pra",
  "pro",
  "o",
  "os",
  "as",
  "um",
  "uma",
  "do",
  "da",
  "dos",
  "das",
  "no",
  "na",
  "nas",
  "em",
  "e",
  "com",
  "eu",
  "meu",
  "minha",
  "nosso",
  "nossa",
  "ao",
  "pelo",
  "pela",
  "dividida",
  "rachar",
  "rachado",
  "dividimos",
  "gente",
]);

/**
 * Common short words of the five languages that stay in descriptions but are no typos: never
 * corrected towards a date or a name ("que" is no "tue", "São Paulo" no Saturday).
 */
const PLAIN: ReadonlySet<string> = new Set([
  ...["que", "est", "sao", "sua", "seu", "ela", "ele", "sur", "par", "los", "las", "les"],
  ...["una", "uno", "sin", "con", "mas", "muy", "ist", "bin", "und", "aus", "gut", "neu"],
]);

/** Whether a key is a common short word kept in descriptions (for the vocabulary). */
export function isPlainWord(key: string): boolean {
  return PLAIN.has(key);
}

/** The filler words (for typo correction). */
export function fillerWords(): string[] {
  return [...FILLER];
}

/** Whether a key is a filler word (for the vocabulary). */
export function isFillerWord(key: string): boolean {
  // "nach" is in the generated category lexicon (a known word already; it holds no grammar word).
  return FILLER.has(key) && key !== "nach";
}

/**
 * Function words that may stay inside a description, between two words of it: prepositions,
 * articles and conjunctions of the five languages ("big shop at aldi", "compra en el lidl",
 * "Zugtickets nach Chur", "botija de gás", "kafi und gipfeli"). At its edges they are dropped
 * ("for food" → "food"), and so are the other filler words (verbs, pronouns) wherever they stand.
 */
const LINKS: ReadonlySet<string> = new Set([
  ...["for", "on", "the", "a", "an", "of", "to", "at", "in", "and", "by", "from", "n", "&"],
  // Bajan "fuh" (for; round 10).
  "fuh",
  ...["para", "por", "en", "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del"],
  ...["al", "y", "pa", "con"],
  ...["fur", "fuer", "am", "im", "der", "die", "das", "den", "dem", "des", "ein", "eine"],
  ...["einen", "einem", "und", "zu", "zum", "zur", "beim", "bei", "vom", "nach", "von", "auf"],
  // "s'" and "d'": the Swiss and Austrian articles of "s'Taxi", "d'Ferienwohnig"; the Ruhr's
  // and Low German "dat" (das: "dat Bogestra Ticket"; round 10).
  ...["in", "aus", "u", "s", "dat"],
  ...["l", "d", "pour", "le", "les", "une", "des", "du", "au", "aux", "et", "chez", "a", "à"],
  ...["pra", "pro", "o", "os", "as", "um", "uma", "do", "da", "dos", "das", "no", "na", "nas"],
  ...["em", "e", "ao", "pelo", "pela", "com"],
]);

/** Whether a key is a link word kept inside descriptions (for tests and the vocabulary). */
export function isLinkWord(key: string): boolean {
  return LINKS.has(key);
}

/** "Half" in the five languages: said twice ("halbe halbe", "fifty fifty"), shares, no thing. */
const HALVES: ReadonlySet<string> = new Set([
  ...["half", "fifty", "halb", "halbe", "mitad", "moitie", "meio", "meia"],
]);

/** Whether the token at `i` is half of "halbe halbe", "fifty fifty", "moitié moitié" (round 8). */
function isHalves(tokens: readonly Token[], i: number): boolean {
  const key = tokens[i].key;
  return HALVES.has(key) && (tokens[i - 1]?.key === key || tokens[i + 1]?.key === key);
}

function isWord(t: Token): boolean {
  return /[\p{L}\p{N}]/u.test(t.raw);
}

/**
 * The description: the unclaimed words (not amount, currency, date or people) in the case the
 * user typed, joined by single spaces. Each run of unclaimed words keeps the link words inside
 * it ("big shop at aldi") and loses those at its edges and every other filler word; words with
 * no letter or digit are dropped ("-"), but for an "&" inside ("snow brush & washer fluid"). "Add $50 for food" → "food"; "Taxi 12,50 € to the
 * airport yesterday" → "Taxi to the airport"; "Miete 2.350" → "Miete".
 */
export function describe(tokens: readonly Token[], claimed: readonly boolean[]): string {
  const runs: Token[][] = [[]];
  tokens.forEach((t, i) => {
    if (claimed[i]) runs.push([]);
    else if (isHalves(tokens, i)) return;
    else if (LINKS.has(t.key) || (!FILLER.has(t.key) && isWord(t))) runs[runs.length - 1].push(t);
  });
  return runs.flatMap((run) => {
    let start = 0;
    let end = run.length;
    while (start < end && LINKS.has(run[start].key)) start++;
    while (end > start && LINKS.has(run[end - 1].key)) end--;
    return run.slice(start, end).filter((t) => isWord(t) || t.key === "&").map((t) =>
      t.elided ? `${t.raw}'` : t.raw
    );
  }).join(" ").replaceAll("' ", "'");
}
