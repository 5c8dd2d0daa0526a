import { formatAmount, MoneyError, parseAmount } from "@kopek/domain";
import { type Decimal, evaluate, toDecimalString } from "./decimal.ts";
import { currencyOf, isCurrencyWord, tokenCurrency, writesCifrao } from "./currency.ts";
import { isMonthWord } from "./date.ts";
import { isArticle, readNumberWords } from "./numbers.ts";
import type { Token } from "./text.ts";
import type { ParsedMoney, Refusal } from "./types.ts";

/**
 * A number with a currency before or after it, attached: "$50", "12,50€", "Rs.500", "₹45k",
 * "R486.20", "₦45,600", "S/.25", "25dh", "30mt", "500f", any sign of `currency_markers.ts` ("J$5,200",
 * "RD$4,350.50", "GH₵85", "₱3,240.75", "P4,580.20", "bds$58.50", Cantonese "50蚊"); "k" after it counts thousands ("45k",
 * "1.5k") and "m" millions ("1.2m"), India's "/-" and East Africa's "/=" close a sum ("1,499/-",
 * "25,000/="), and a glued "mil" is thousands ("20mil"; round 9). A word attached that names no currency
 * ("10am", "3rd", "2kg") makes the token no amount.
 */
const AMOUNT =
  /^([Rr]s\.?|[A-Za-z]{0,3}\p{Sc}|S\/\.?|[A-Za-z]{1,4})?([0-9][0-9.,]*(?:[*x×+][0-9][0-9.,]*)*)(k|K|[mM](?![A-Za-z])|\/-|\/=)?(\p{Sc}|[A-Za-z]{1,4}|\p{Script=Han})?$/u;

/** Units and cents around a cifrão: "4.350$00", "300$00". */
const CIFRAO_AMOUNT = /^(\d{1,3}(?:\.\d{3})*|\d+)\$(\d{2})$/;

/** Words for a thousand after a number (keys): "22 mil", "3 mille", "2 Tausend", "5 thousand". */
const THOUSAND: ReadonlySet<string> = new Set(["mil", "mille", "tausend", "thousand", "grand"]);

/**
 * Whether a key is a word for a thousand (for the vocabulary; "mille" is in the generated category
 * lexicon, a known word already, which holds no grammar word).
 */
export function isThousandWord(key: string): boolean {
  return THOUSAND.has(key) && key !== "mille";
}

/**
 * Slang for a thousand of the group's currency (keys): Chile's and Argentina's "lucas" ("9 lucas"
 * is 9 000 pesos) and "palos" for a million. Read only in those currencies and never when a
 * member has the name ("Lucas").
 */
/** "for" words after an amount in words, before what it paid for (keys). */
const FOR_WORDS: ReadonlySet<string> = new Set([
  "for",
  "para",
  "pour",
  "fur",
  "furs",
  "pra",
  "pro",
]);

interface Scale {
  readonly factor: bigint;
  readonly codes: readonly string[];
}
// Chile's, Argentina's and Colombia's "lucas" are thousands of pesos.
const PESOS = ["CLP", "ARS", "COP"];
const SCALED: ReadonlyMap<string, Scale> = new Map<string, Scale>([
  ...["luca", "lucas", "luquitas"].map((
    k,
  ): [string, Scale] => [k, { factor: 1000n, codes: PESOS }]),
  ...["palo", "palos"].map((k): [string, Scale] => [k, { factor: 1000000n, codes: PESOS }]),
  // Cape Verde's and Portugal's "conto": a thousand escudos ("35 contos"; in Brazil a real).
  ...["conto", "contos"].map((k): [string, Scale] => [k, { factor: 1000n, codes: ["CVE"] }]),
  // Costa Rica's "rojos" (the red thousand-colón note) and "tejas" (a hundred; round 9).
  ...["rojo", "rojos"].map((k): [string, Scale] => [k, { factor: 1000n, codes: ["CRC"] }]),
  ...["teja", "tejas"].map((k): [string, Scale] => [k, { factor: 100n, codes: ["CRC"] }]),
]);

/**
 * Words counting nights, days or hours (keys): "3 noches 180.000", "3 diárias 720", "hostel 3
 * nights $135": the number before them is a count, not an amount. So are minutes, degrees and
 * distances ("llego en 20 min", "27 degrees tmrw", "Zug hät 5 min Verspätig", "10 km").
 */
const COUNTED: ReadonlySet<string> = new Set([
  ...["night", "nights", "noche", "noches", "nacht", "nachte", "nuit", "nuits", "noite", "noites"],
  ...["diaria", "diarias", "day", "days", "dia", "dias", "tag", "tage", "jour", "jours"],
  ...["hour", "hours", "hora", "horas", "stunde", "stunden", "heure", "heures", "hrs", "week"],
  ...["weeks", "semana", "semanas", "woche", "wochen", "semaine", "semaines"],
  ...["min", "mins", "minute", "minutes", "minuto", "minutos", "minuten", "minutinhos", "sec"],
  // Urdu and Hindi "baje" (o'clock): "5 baje" is a time (round 9).
  "baje",
  ...["secs", "seconds", "segundos", "sekunden", "degree", "degrees", "grad", "grado", "grados"],
  ...["grau", "graus", "degre", "degres", "km", "kms", "kilometres", "kilometers", "kilometros"],
  // Ages: "faz 60 anos", "turns 30 years", "wird 40 Jahre", "fête ses 50 ans".
  ...["year", "years", "yrs", "ano", "anos", "jahr", "jahre", "ans"],
]);

/**
 * Verbs of turning an age (keys): "gonza cumple 30 el sábado", "Tom turns 40", "Lea wird 30": the
 * number after them is an age, not an amount.
 */
const AGE: ReadonlySet<string> = new Set(["cumple", "cumplo", "turns", "turning", "wird", "werde"]);

/** Words between the two numbers of a score (keys): "acabou 1 a 1", "2 à 1", "3 zu 2". */
const SCORE: ReadonlySet<string> = new Set(["a", "x", "zu", "to", "-"]);

/** Whether the number at `i` is one side of a score of small whole numbers ("1 a 1"). */
function inScore(tokens: readonly Token[], i: number): boolean {
  const small = (k: number) => /^\d{1,2}$/.test(tokens[k]?.key ?? "");
  return small(i) && ((SCORE.has(tokens[i + 1]?.key ?? "") && small(i + 2)) ||
    (SCORE.has(tokens[i - 1]?.key ?? "") && small(i - 2)));
}

/**
 * Banknotes' nicknames (keys) and their value in the group's currency: "a tenner for the taxi",
 * "fiver for the bus". Read in currencies whose notes are called so (pounds, euros, dollars, rand).
 */
const NOTES: ReadonlyMap<string, bigint> = new Map([["fiver", 5n], ["tenner", 10n]]);
/** Whether a key is a banknote's nickname (for the vocabulary: "fiver" is no typo of "five"). */
export function isNoteWord(key: string): boolean {
  return NOTES.has(key);
}

const NOTE_CURRENCIES: ReadonlySet<string> = new Set([
  ...["GBP", "EUR", "USD", "CAD", "AUD", "NZD", "ZAR"],
]);

/**
 * Words before a clock time (keys): "home by 7", "bin um 7 zuhause", "a las 9", "vers 8", "footy
 * at 6 tonight": a bare hour after them is a time, not an amount.
 */
const AT_TIME: ReadonlySet<string> = new Set([
  ...["by", "um", "gegen", "las", "vers", "as", "until", "at", "till", "til", "bis"],
]);

/** Whether the slang word at `i` scales a number in the group's currency ("9 lucas"). */
function scaledAt(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  i: number,
  group: string,
  isMemberName: (key: string) => boolean,
): bigint | undefined {
  const key = tokens[i]?.key ?? "";
  const scaled = SCALED.get(key);
  if (claimed[i] || scaled === undefined || !scaled.codes.includes(group)) return undefined;
  return isMemberName(key) ? undefined : scaled.factor;
}

interface Candidate {
  readonly value: Decimal;
  readonly currency: string | undefined;
  readonly indices: readonly number[];
}

/**
 * A small amount in words with its currency word after or before it: "twenty euros", "zwölf
 * Euro", "vingt-cinq euros", "dez reais", "treinta y dos dólares", "USD twelve". An article
 * ("a", "un", "ein") is never an amount.
 */
function wordsAt(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  i: number,
  isMemberName: (key: string) => boolean,
  group: string,
): Candidate | undefined {
  if (isArticle(tokens[i].key)) return undefined;
  const read = readNumberWords(tokens, i);
  if (read === undefined || read.value === 0) return undefined;
  const span = Array.from({ length: read.end - i + 1 }, (_, k) => i + k);
  if (span.some((k) => claimed[k])) return undefined;
  const value = { units: BigInt(read.value), scale: 0 };
  const next = claimed[read.end + 1]
    ? undefined
    : tokenCurrency(tokens[read.end + 1], isMemberName, group);
  if (next !== undefined) return { value, currency: next, indices: [...span, read.end + 1] };
  const previous = i === 0 || claimed[i - 1]
    ? undefined
    : tokenCurrency(tokens[i - 1], isMemberName, group);
  if (previous !== undefined) return { value, currency: previous, indices: [i - 1, ...span] };
  // "nonante-cinq pour l'hôtel", "twenty for the taxi", "veinte para la cena": an amount said in
  // words and what it paid for (ten or more: "tres para mí" counts people).
  const paidFor = FOR_WORDS.has(tokens[read.end + 1]?.key ?? "") && !claimed[read.end + 1];
  if (paidFor && read.value >= 10) return { value, currency: undefined, indices: span };
  // "fondue au café du village septante-deux", "la raclette huitante": twenty or more in words
  // closing a message with no number in digits is what it cost.
  // So does one opening it ("ciento veinte mil de mercado", round 7).
  const alone = read.value >= 20 && !tokens.some((t) => /\d/.test(t.key)) &&
    !isCurrencyWord(tokens[read.end + 1]?.key ?? "");
  const closing = read.end === tokens.length - 1 && alone &&
    !FOR_WORDS.has(tokens[i - 1]?.key ?? "");
  return closing || (i === 0 && alone) ? { value, currency: undefined, indices: span } : undefined;
}

function candidateAt(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  i: number,
  isMemberName: (key: string) => boolean,
  group: string,
): Candidate | undefined {
  const cifrao = writesCifrao(group) ? CIFRAO_AMOUNT.exec(tokens[i].raw) : null;
  if (cifrao !== null) {
    // "4.350$00", "1.150$00": the escudo's sign between the units (grouped by dots) and cents.
    const units = BigInt(cifrao[1].replaceAll(".", "")) * 100n + BigInt(cifrao[2]);
    return { value: { units, scale: 2 }, currency: group, indices: [i] };
  }
  const match = AMOUNT.exec(tokens[i].raw);
  const note = NOTES.get(tokens[i].key);
  if (match === null && note !== undefined && NOTE_CURRENCIES.has(group)) {
    return { value: { units: note, scale: 0 }, currency: group, indices: [i] };
  }
  if (match === null) return wordsAt(tokens, claimed, i, isMemberName, group);
  const [, before, expression, suffix, after] = match;
  const read = evaluate(expression);
  if (read === undefined) return undefined;
  // "45k", "1.2m": thousands, millions (round 9); "20mil" glued like "20 mil" (round 9).
  const glued = after !== undefined && THOUSAND.has(after.toLowerCase());
  const times = suffix === "k" || suffix === "K" || glued
    ? 1000n
    : suffix === "m" || suffix === "M"
    ? 1000000n
    : 1n;
  const value = { units: read.units * times, scale: read.scale };
  if (glued) return { value, currency: undefined, indices: [i] };
  const attachedBefore = before === undefined ? undefined : currencyOf(before, isMemberName, group);
  const attachedAfter = after === undefined ? undefined : currencyOf(after, isMemberName, group);
  if (
    (before !== undefined && attachedBefore === undefined) ||
    (after !== undefined && attachedAfter === undefined)
  ) {
    return undefined;
  }
  const attached = attachedBefore ?? attachedAfter;
  if (attached !== undefined) return { value, currency: attached, indices: [i] };
  // "3 noches", "3 nights": a count; "by 7", "um 7": an hour.
  if (!claimed[i + 1] && COUNTED.has(tokens[i + 1]?.key ?? "")) return undefined;
  // "la 28 de julio", "estádio 24 de setembro": a day of a month the date left is a place's
  // name, no amount (round 10).
  if (tokens[i + 1]?.key === "de" && isMonthWord(tokens[i + 2]?.key ?? "")) return undefined;
  // "at 730", "um 1930": a clock time written without its colon, hours and minutes.
  const clock = value.scale === 0 && /^([01]?\d|2[0-3])[0-5]\d$/.test(tokens[i].raw);
  const hour = value.scale === 0 && (value.units <= 24n || clock);
  if (hour && i > 0 && !claimed[i - 1] && AT_TIME.has(tokens[i - 1].key)) return undefined;
  // "cumple 30", "turns 40": an age; "acabou 1 a 1": a score.
  const age = value.scale === 0 && value.units <= 120n;
  if (age && i > 0 && !claimed[i - 1] && AGE.has(tokens[i - 1].key)) return undefined;
  if (inScore(tokens, i)) return undefined;
  // "9 lucas", "25 lucas": thousands of pesos.
  const factor = scaledAt(tokens, claimed, i + 1, group, isMemberName);
  if (factor !== undefined) {
    return {
      value: { units: value.units * factor, scale: value.scale },
      currency: group,
      indices: [i, i + 1],
    };
  }
  // "22 mil", "3 mille", "2 Tausend", "5 thousand": thousands, and a currency may follow them.
  if (!claimed[i + 1] && THOUSAND.has(tokens[i + 1]?.key ?? "")) {
    const thousands = { units: value.units * 1000n, scale: value.scale };
    const unit = claimed[i + 2] ? undefined : tokenCurrency(tokens[i + 2], isMemberName, group);
    return unit === undefined
      ? { value: thousands, currency: undefined, indices: [i, i + 1] }
      : { value: thousands, currency: unit, indices: [i, i + 1, i + 2] };
  }
  const next = claimed[i + 1] ? undefined : tokenCurrency(tokens[i + 1], isMemberName, group);
  if (next !== undefined) return { value, currency: next, indices: [i, i + 1] };
  const previous = i === 0 || claimed[i - 1]
    ? undefined
    : tokenCurrency(tokens[i - 1], isMemberName, group);
  if (previous !== undefined) return { value, currency: previous, indices: [i - 1, i] };
  return { value, currency: undefined, indices: [i] };
}

/** Words that join two things, each with its amount ("Bäcker 6,20 und Metzger 14"). */
const LIST_AND: ReadonlySet<string> = new Set(["and", "und", "y", "e", "et", "&", "+", "plus"]);

/**
 * The bare candidates without the numbers that are part of a name ("peaje ruta 27 1.160",
 * "mercado 4 verduras 54.000", "99 pra vila madalena 27,80"; round 9): when exactly one amount
 * is written as a sum (with a separator or decimals, or of four digits or more: "35 000"; round
 * 10), a plain number of one to three digits beside a word is the name's ("Ruta 27", "Mercado 4",
 * the ride app 99, "marché de 67 ha"), not a second amount, and so is a year ("Vignette 2027
 * 103,80"; round 10).
 * "pizza 12 coke 3" (no sum among them) stays two amounts.
 */
function withoutNameNumbers(
  tokens: readonly Token[],
  claimed: readonly boolean[],
  candidates: readonly Candidate[],
): readonly Candidate[] {
  const word = (k: number) => k >= 0 && !claimed[k] && /^\p{L}{2,}$/u.test(tokens[k]?.key ?? "");
  // The name goes on after its number: a word or the amount, no "and" or comma of a list
  // of things ("Parkhaus 8 und Kaffee 4,50", "zug 39,90 und hotel 120" are two amounts).
  const goesOn = (k: number) =>
    k + 1 < tokens.length && !tokens[k].comma && !LIST_AND.has(tokens[k + 1].key);
  const named = (c: Candidate) =>
    c.indices.length === 1 && /^(?:\d{1,3}|(?:19|20)\d\d)$/.test(tokens[c.indices[0]].raw) &&
    goesOn(c.indices[0]) && (word(c.indices[0] - 1) || (c.indices[0] === 0 && word(1)));
  const sums = candidates.filter((c) => !named(c) && /[.,]|\d{4}/.test(tokens[c.indices[0]].raw));
  if (sums.length === 0 || sums.length === candidates.length) return candidates;
  const rest = candidates.filter((c) => !named(c));
  return rest.length === sums.length ? rest : candidates;
}

/**
 * Finds the message's one amount and claims its tokens.
 *
 * Amounts are numbers or sums of products ("3*4.5", "12+8"; see
 * `evaluate`) with a currency before or after, attached or not ("$50",
 * "50 usd", "€12,50", "1.234,56 €", "50 bucks"), or bare (then `currency`,
 * the group's). When some numbers carry a currency, only those count and the
 * bare ones stay in the description ("2 beers €12"). Two different amounts
 * are refused ("two amounts"), never guessed between; so are amounts the
 * currency cannot hold ("too many decimals for JPY"), zero, and amounts too
 * large for the API.
 *
 * @example
 * ```ts
 * extractAmount(tokenize("taxi 12,5 EUR"), [false, false, false], "USD", () => false);
 * // { total: { amount: "12.50", currency: "EUR" } }
 * ```
 */
export function extractAmount(
  tokens: readonly Token[],
  claimed: boolean[],
  currency: string,
  isMemberName: (key: string) => boolean,
): { total: ParsedMoney } | Refusal {
  const candidates: Candidate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (claimed[i]) continue;
    const candidate = candidateAt(tokens, claimed, i, isMemberName, currency);
    if (candidate === undefined) continue;
    candidates.push(candidate);
    // "treinta y dos euros" is one amount: its "dos euros" is not a second one.
    if (!AMOUNT.test(tokens[i].raw)) i = Math.max(i, ...candidate.indices);
  }
  const marked = candidates.filter((c) => c.currency !== undefined);
  const pool = marked.length > 0 ? marked : withoutNameNumbers(tokens, claimed, candidates);
  if (pool.length === 0) return { reason: "no amount" };
  const distinct = new Set(pool.map((c) => `${toDecimalString(c.value)} ${c.currency ?? ""}`));
  if (distinct.size > 1) return { reason: "two amounts" };
  for (const c of pool) for (const i of c.indices) claimed[i] = true;
  const code = pool[0].currency ?? currency;
  const text = toDecimalString(pool[0].value);
  let minor: bigint;
  try {
    minor = parseAmount(text, code);
  } catch (e) {
    if (!(e instanceof MoneyError)) throw e;
    if (e.code === "money.too_many_decimals") return { reason: `too many decimals for ${code}` };
    if (e.code === "money.too_large") return { reason: "amount too large" };
    return { reason: `unknown currency ${code}` };
  }
  if (minor <= 0n) return { reason: "zero amount" };
  return { total: { amount: formatAmount(minor, code), currency: code } };
}
