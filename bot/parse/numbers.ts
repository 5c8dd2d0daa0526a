/**
 * Numbers written as words, in English, Spanish, German, French and Portuguese: "three",
 * "twenty-five", "twenty five", "veinticinco", "treinta y dos", "fünfundzwanzig", "vingt-cinq",
 * "soixante-dix", "vinte e cinco", and with hundreds and thousands as separate words
 * ("quinientos", "deux cents", "mil e duzentos", "mille deux cents"). Used for counts of days ("three days ago"),
 * of people ("for three people") and small amounts with a currency ("twenty euros"). Pure.
 *
 * @module
 */
import type { Token } from "./text.ts";

/** Units and teens (keys), per language. */
const UNITS: ReadonlyMap<string, number> = new Map([
  ...[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
  ].map((w, i) => [w, i] as const),
  ...[
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciseis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
  ].map((w, i) => [w, i] as const),
  ...[
    "null",
    "eins",
    "zwei",
    "drei",
    "vier",
    "funf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwolf",
    "dreizehn",
    "vierzehn",
    "funfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
  ].map((w, i) => [w, i] as const),
  ...[
    "zero",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
  ].map((w, i) => [w, i] as const),
  ...[
    "zero",
    "um",
    "dois",
    "tres",
    "quatro",
    "cinco",
    "seis",
    "sete",
    "oito",
    "nove",
    "dez",
    "onze",
    "doze",
    "treze",
    "catorze",
    "quinze",
    "dezesseis",
    "dezessete",
    "dezoito",
    "dezenove",
  ].map((w, i) => [w, i] as const),
  ["a", 1],
  ["an", 1],
  ["una", 1],
  ["ein", 1],
  ["eine", 1],
  ["einer", 1],
  ["einem", 1],
  ["einen", 1],
  ["une", 1],
  ["uma", 1],
  ["duas", 2],
  ["couple", 2],
  ["quatorze", 14],
  ["dezasseis", 16],
  ["dezassete", 17],
  ["dezanove", 19],
]);

/** Words that are "one" only as an article: never read as an amount. */
const ARTICLES: ReadonlySet<string> = new Set([
  "a",
  "an",
  "un",
  "una",
  "uno",
  "ein",
  "eine",
  "einer",
  "einem",
  "einen",
  "une",
  "um",
  "uma",
]);

/** Tens (keys), per language; 100 too. */
const TENS: ReadonlyMap<string, number> = new Map([
  ...["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    .map((w, i) => [w, (i + 2) * 10] as const),
  ...["veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
    .map((w, i) => [w, (i + 2) * 10] as const),
  ...["zwanzig", "dreissig", "vierzig", "funfzig", "sechzig", "siebzig", "achtzig", "neunzig"]
    .map((w, i) => [w, (i + 2) * 10] as const),
  ...["vingt", "trente", "quarante", "cinquante", "soixante", "septante", "huitante", "nonante"]
    .map((w, i) => [w, (i + 2) * 10] as const),
  ["quatre-vingt", 80],
  ["quatre-vingts", 80],
  ...["vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta", "oitenta", "noventa"]
    .map((w, i) => [w, (i + 2) * 10] as const),
  ...["hundred", "cien", "ciento", "hundert", "cent", "cem", "cento"].map((w) => [w, 100] as const),
]);

/** Words joining tens and units: "treinta y dos", "vinte e cinco", "vingt et un". */
const JOIN: ReadonlySet<string> = new Set(["y", "e", "et", "and"]);

/** Spanish "veinti-" forms and German "-und-" compounds, read from their parts. */
function compound(key: string): number | undefined {
  const veinti = /^veinti(.+)$/.exec(key);
  if (veinti) {
    const unit = UNITS.get(veinti[1] === "un" ? "uno" : veinti[1]);
    return unit !== undefined && unit > 0 && unit < 10 ? 20 + unit : undefined;
  }
  const und = /^(.+)und(.+)$/.exec(key);
  if (und) {
    const unit = und[1] === "ein" ? 1 : UNITS.get(und[1]);
    const ten = TENS.get(und[2]);
    if (unit !== undefined && unit > 0 && unit < 10 && ten !== undefined && ten < 100) {
      return ten + unit;
    }
  }
  const parts = key.split("-");
  if (parts.length >= 2) {
    const head = TENS.get(parts.slice(0, -1).join("-")) ??
      TENS.get(parts[0]);
    const tail = parts.length === 3 && parts[1] === "et"
      ? UNITS.get(parts[2])
      : UNITS.get(parts.slice(TENS.has(parts.slice(0, -1).join("-")) ? -1 : 1).join("-"));
    if (head !== undefined && tail !== undefined && tail > 0 && tail < 20) {
      // "soixante-dix" (70), "quatre-vingt-dix" (90): French tens take the teens too.
      if (tail >= 10 && head !== 60 && head !== 80) return undefined;
      return head + tail;
    }
  }
  return undefined;
}

/**
 * Every compound number word, made once from the tables: "twenty-five", "veinticinco",
 * "fünfundzwanzig", "vingt-et-un", "soixante-dix"… (so that reading a word is one lookup).
 */
const COMPOUNDS: ReadonlyMap<string, number> = (() => {
  const out = new Map<string, number>();
  const units = [...UNITS.keys()];
  for (const ten of TENS.keys()) {
    for (const unit of units) {
      for (const form of [`${ten}-${unit}`, `${unit}und${ten}`, `${ten}-et-${unit}`]) {
        const value = compound(form);
        if (value !== undefined) out.set(form, value);
      }
    }
  }
  for (const unit of units) {
    const value = compound(`veinti${unit}`);
    if (value !== undefined) out.set(`veinti${unit}`, value);
  }
  out.set("veintiun", 21);
  return out;
})();

/** The value of one word ("three", "veinticinco", "vingt-cinq"), `undefined` for another. */
export function numberWord(key: string): number | undefined {
  return UNITS.get(key) ?? TENS.get(key) ?? COMPOUNDS.get(key) ?? germanHundreds(key);
}

/**
 * German hundreds written as one word: "hundertfünfzig", "zweihundert", "dreihundertzwanzig",
 * "hundertundeins" (keys, so "funfzig").
 */
function germanHundreds(key: string): number | undefined {
  const match = /^([a-z]*?)hundert(?:und)?([a-z]*)$/.exec(key);
  if (match === null || key === "hundert") return undefined;
  const [, head, rest] = match;
  const count = head === "" || head === "ein" ? 1 : UNITS.get(head);
  if (count === undefined || count < 1 || count > 9) return undefined;
  if (rest === "") return count * 100;
  const tail = rest === "eins" ? 1 : UNITS.get(rest) ?? COMPOUNDS.get(rest) ?? TENS.get(rest);
  return tail !== undefined && tail > 0 && tail < 100 ? count * 100 + tail : undefined;
}

/** The number words (for typo correction). */
export function numberWords(): string[] {
  return [...UNITS.keys(), ...TENS.keys()];
}

/** Whether a key is a number word (for the vocabulary). */
export function isNumberWord(key: string): boolean {
  return numberWord(key) !== undefined || isHundredsWord(key);
}

/** Whether a key is a number word that is also an article ("a", "un", "ein"). */
export function isArticle(key: string): boolean {
  return ARTICLES.has(key);
}

/**
 * The number written in words from token `i` on: one word ("three", "vingt-cinq") or tens and
 * units apart ("twenty five", "treinta y dos", "vinte e cinco", "vingt et un"). Its value and the
 * index of its last token; `undefined` when token `i` is no number word.
 *
 * @example
 * ```ts
 * readNumberWords(tokenize("treinta y dos euros"), 0); // { value: 32, end: 2 }
 * ```
 */
export function readNumberWords(
  tokens: readonly Token[],
  i: number,
): { value: number; end: number } | undefined {
  const key = (k: number) => tokens[k]?.key ?? "";
  // "mil e duzentos", "mille deux cents": a thousand alone before the rest.
  const lead = THOUSANDS.has(key(i))
    ? readHundreds(tokens, i + (JOIN.has(key(i + 1)) ? 2 : 1))
    : undefined;
  if (lead !== undefined) return { value: 1000 + lead.value, end: lead.end };
  const head = readHundreds(tokens, i);
  if (head === undefined || !THOUSANDS.has(key(head.end + 1))) return head;
  // "dos mil quinientos", "two thousand and fifty", "deux mille trois cents".
  const thousands = { value: head.value * 1000, end: head.end + 1 };
  const rest = readHundreds(tokens, thousands.end + (JOIN.has(key(thousands.end + 1)) ? 2 : 1));
  return rest === undefined || rest.value >= 1000
    ? thousands
    : { value: thousands.value + rest.value, end: rest.end };
}

/**
 * Hundreds before a thousand (keys): the Spanish and Portuguese words that say how many
 * ("quinientos", "duzentos"); "hundred", "cent(s)", "hundert" take a unit before them.
 */
const HUNDREDS: ReadonlyMap<string, number> = new Map([
  ...["doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos"]
    .map((w, k) => [w, (k + 2) * 100] as const),
  ...["ochocientos", "novecientos"].map((w, k) => [w, (k + 8) * 100] as const),
  ...["duzentos", "trezentos", "quatrocentos", "quinhentos", "seiscentos", "setecentos"]
    .map((w, k) => [w, (k + 2) * 100] as const),
  ...["oitocentos", "novecentos"].map((w, k) => [w, (k + 8) * 100] as const),
]);
const HUNDRED: ReadonlySet<string> = new Set(["hundred", "cent", "cents", "hundert"]);
/** Words for a thousand after a number said in words: "mil", "mille", "thousand", "tausend". */
const THOUSANDS: ReadonlySet<string> = new Set(["mil", "mille", "thousand", "tausend"]);

/** Whether a key is a word of hundreds (for the vocabulary). */
export function isHundredsWord(key: string): boolean {
  return HUNDREDS.has(key);
}

/** A number under a thousand in words from `i`: hundreds ("deux cents", "quinientos") and the rest. */
function readHundreds(
  tokens: readonly Token[],
  i: number,
): { value: number; end: number } | undefined {
  const key = (k: number) => tokens[k]?.key ?? "";
  let head: { value: number; end: number } | undefined;
  const hundreds = HUNDREDS.get(key(i));
  if (hundreds !== undefined) head = { value: hundreds, end: i };
  else {
    const small = readSmall(tokens, i);
    if (small === undefined) return undefined;
    if (small.value > 0 && small.value < 10 && HUNDRED.has(key(small.end + 1))) {
      head = { value: small.value * 100, end: small.end + 1 };
    } else if (small.value === 100) head = small;
    else return small;
  }
  const join = JOIN.has(key(head.end + 1)) ? 1 : 0;
  const rest = readSmall(tokens, head.end + 1 + join);
  return rest !== undefined && rest.value > 0 && rest.value < 100 &&
      !ARTICLES.has(key(head.end + 1 + join))
    ? { value: head.value + rest.value, end: rest.end }
    : head;
}

/** A number under a hundred and one in words from `i` (see {@linkcode readNumberWords}). */
function readSmall(
  tokens: readonly Token[],
  i: number,
): { value: number; end: number } | undefined {
  const first = tokens[i] === undefined ? undefined : numberWord(tokens[i].key);
  if (first === undefined) return undefined;
  if (first >= 20 && first < 100 && first % 10 === 0) {
    const join = JOIN.has(tokens[i + 1]?.key ?? "") ? 1 : 0;
    const unit = UNITS.get(tokens[i + 1 + join]?.key ?? "");
    if (unit !== undefined && unit > 0 && unit < 10 && !ARTICLES.has(tokens[i + 1 + join].key)) {
      return { value: first + unit, end: i + 1 + join };
    }
    if (join === 1 && (tokens[i + 2]?.key === "un" || tokens[i + 2]?.key === "um")) {
      return { value: first + 1, end: i + 2 };
    }
  }
  return { value: first, end: i };
}
