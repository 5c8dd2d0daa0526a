import { isCurrency } from "@kopek/domain";
import { markedCurrency } from "./currency_markers.ts";
import type { Token } from "./text.ts";

/**
 * Currency symbols. "$" is read as the group's currency when that is a dollar or a peso (see
 * `DOLLARS`), USD otherwise; "¥" as JPY (not CNY). Anyone meaning another dollar or yuan writes
 * its code ("50 CAD", "30 CNY").
 */
const SYMBOLS: ReadonlyMap<string, string> = new Map([
  ["$", "USD"],
  ["€", "EUR"],
  ["£", "GBP"],
  ["¥", "JPY"],
  ["R$", "BRL"],
  ["US$", "USD"],
  ["C$", "CAD"],
  ["A$", "AUD"],
  ["MX$", "MXN"],
  ["S$", "SGD"],
  ["HK$", "HKD"],
  ["NZ$", "NZD"],
  ["₹", "INR"],
  // Nigeria's naira, Ghana's cedi, Peru's sol ("S/ 186.40", "S/.25").
  ["₦", "NGN"],
  ["₵", "GHS"],
  ["S/", "PEN"],
  ["S/.", "PEN"],
]);

/**
 * Names shared by several currencies (keys): they mean the group's currency when it is one of
 * them ("cincuenta pesos" in a group in MXN), and nothing otherwise (a peso is not guessed).
 */
const FAMILIES: ReadonlyMap<string, readonly string[]> = new Map(
  [
    // Bolivians still call the boliviano "peso" (it replaced the peso boliviano in 1987).
    [["peso", "pesos"], ["MXN", "ARS", "CLP", "COP", "UYU", "PHP", "DOP", "CUP", "BOB"]],
    [["krona", "kronor", "kroner", "kronen", "coronas"], [
      "SEK",
      "NOK",
      "DKK",
      "ISK",
      "CZK",
    ]],
    [["rupee", "rupees", "rupia", "rupias"], ["INR", "PKR", "LKR", "NPR", "IDR"]],
    [["soles"], ["PEN"]],
    [["zloty", "zlotys", "zlote", "zlotych"], ["PLN"]],
    [["forint", "forints"], ["HUF"]],
    [["rand"], ["ZAR"]],
    [["lira", "liras", "lire"], ["TRY"]],
    [["yuan", "renminbi"], ["CNY"]],
    // Slang for a currency's unit: Québec's "piasse", France's "balles", Spain's "pavos",
    // Brazil's "paus", "conto" and "pila", Switzerland's "Stutz".
    [["piasse", "piasses", "piastre", "piastres"], ["CAD"]],
    // "balles" is the franc's slang first, so New Caledonia's and Polynesia's CFP franc too;
    // Portugal still calls its euros "paus", as it called the escudos (round 10).
    [["balles"], ["EUR", "CHF", "XPF"]],
    [["pavos"], ["EUR"]],
    [["paus"], ["BRL", "EUR"]],
    [["pau", "conto", "contos", "pila", "pilas"], ["BRL"]],
    // Argentina's and Uruguay's "mangos"; Peru's "luca" is one sol (Chile's a thousand pesos,
    // read in amount.ts).
    [["mangos"], ["ARS", "UYU"]],
    [["luca", "lucas"], ["PEN"]],
    [["stutz"], ["CHF"]],
    // Alemannic plurals of Franken: Basel's "Franke", Vorarlberg's and Liechtenstein's "Franka"
    // (round 10); only in a group in francs, as Franka is a first name too.
    [["franke", "franka"], ["CHF"]],
    // Mexico's "varos" and "baros", German "Euronen" and "Öcken", India's "rs" and "rs." (rupees).
    [["varo", "varos", "baro", "baros"], ["MXN"]],
    [["euronen", "ocken", "eus"], ["EUR"]],
    [["rs", "rs.", "rps"], ["INR", "PKR", "LKR", "NPR"]],
    // Africa's local signs and names, read only in their own currency: South Africa's "R"
    // ("R486.20"), the Maghreb's "dh"/"dhs" and dirhams, the CFA franc's "f", "cfa", "fcfa",
    // Angola's "kz" and kwanzas, Mozambique's "mt" and meticais, Nigeria's naira, Ghana's cedis,
    // East Africa's shillings and "ksh".
    [["r"], ["ZAR"]],
    [["dh", "dhs", "dirham", "dirhams", "dirhem", "dirhems"], ["MAD", "AED"]],
    [["cfa", "fcfa", "xof"], ["XOF", "XAF"]],
    // The CFP franc of New Caledonia and Polynesia is written "F" on prices ("8 450 F"; round 10).
    [["f"], ["XOF", "XAF", "XPF"]],
    [["kz", "kwanza", "kwanzas", "aoa"], ["AOA"]],
    [["mt", "mts", "metical", "meticais", "meticals", "mzn"], ["MZN"]],
    [["naira", "ngn"], ["NGN"]],
    [["cedi", "cedis", "ghs"], ["GHS"]],
    // "shs" abbreviates shillings on East African receipts ("shs 62,300"; round 9).
    [["ksh", "kshs", "shs", "shilling", "shillings", "kes"], ["KES", "UGX", "TZS"]],
    // East Africa's "bob" for a shilling ("two hundred bob"; never a member called Bob).
    [["bob"], ["KES", "UGX", "TZS"]],
  ].flatMap(([names, codes]) => names.map((n) => [n, codes] as const)),
);

/**
 * Currencies written with "$" or called dollars: "$", "bucks" and "dollars" mean the group's
 * currency when it is one of them ("loyer 1 400 $" in a group in CAD), USD otherwise.
 */
const DOLLARS: ReadonlySet<string> = new Set([
  ...["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD", "MXN", "ARS", "CLP", "COP", "UYU"],
  ...["DOP", "CUP", "BSD", "BBD", "JMD", "TTD", "FJD", "NAD", "LRD", "SRD", "GYD", "BZD"],
  ...["XCD", "KYD", "BMD", "SBD"],
]);

/**
 * Currencies written with the cifrão "$" but not called dollars: Cape Verde's escudo ("1.800$",
 * "4.350$00"). "$" alone means the group's currency when it is one of them.
 */
const CIFRAO: ReadonlySet<string> = new Set(["CVE"]);

/** Whether the group writes its currency with a "$" between units and cents ("4.350$00"). */
export function writesCifrao(group: string | undefined): boolean {
  return group !== undefined && CIFRAO.has(group);
}

/**
 * Currencies called francs: "francs" means the group's when it is one of them ("dix mille francs"
 * in Abidjan is CFA francs), Swiss francs otherwise.
 */
const FRANCS: ReadonlySet<string> = new Set(["CHF", "XOF", "XAF", "XPF"]);

/** Currency words (matched on the token's key, so "dólares" too). */
const WORDS: ReadonlyMap<string, string> = new Map([
  ["bucks", "USD"],
  ["buck", "USD"],
  ["dollar", "USD"],
  ["dollars", "USD"],
  ["dolar", "USD"],
  ["dolares", "USD"],
  ["euro", "EUR"],
  ["euros", "EUR"],
  ["pound", "GBP"],
  ["pounds", "GBP"],
  ["quid", "GBP"],
  ["libras", "GBP"],
  ["pfund", "GBP"],
  ["yen", "JPY"],
  ["yenes", "JPY"],
  ["real", "BRL"],
  ["reais", "BRL"],
  ["livre", "GBP"],
  ["livres", "GBP"],
  ["franken", "CHF"],
  ["franc", "CHF"],
  ["francs", "CHF"],
  ["dolars", "USD"],
]);

/**
 * The currency words written with an accent, and their unaccented spelling (a typed word is
 * compared without its accents only against these: "livrés" is delivered, no pounds).
 */
const ACCENTED: ReadonlySet<string> = new Set(["dólar", "dólares", "dolár", "libras"]);

/**
 * Codes accepted in lower case ("50 usd"). Any other ISO 4217 code must be
 * written in capitals ("50 THB"): many codes are also words or names
 * ("all", "bob", "top", "try", "pen", "mad").
 */
const LOWER_CASE_CODES: ReadonlySet<string> = new Set([
  "usd",
  "eur",
  "gbp",
  "jpy",
  "chf",
  "cad",
  "aud",
  "nzd",
  "mxn",
  "ars",
  "clp",
  "cop",
  "brl",
  "sek",
  "nok",
  "dkk",
  "pln",
  "czk",
  "huf",
  "inr",
  "cny",
  "thb",
  "sgd",
  "hkd",
  "zar",
]);

/** The currency words (for typo correction). */
export function currencyWords(): string[] {
  return [...WORDS.keys()];
}

/** Whether a key is one of the currency words (for the vocabulary). */
export function isCurrencyWord(key: string): boolean {
  // "paus" is in the generated category lexicon (a known word already; it holds no grammar word).
  // "luca", "lucas" and "franka" stay out too: first names, asked about where a name goes.
  return WORDS.has(key) || LOWER_CASE_CODES.has(key) ||
    (FAMILIES.has(key) && !["paus", "luca", "lucas", "franka"].includes(key));
}

/**
 * The ISO 4217 code a piece of text names on its own: a symbol, a currency
 * word, a lower-case common code or an upper-case ISO 4217 code; `undefined`
 * otherwise. A member's name is never a code (a member called "Bob" is not
 * the Bolivian boliviano).
 */
export function currencyOf(
  text: string,
  isMemberName: (key: string) => boolean,
  group?: string,
): string | undefined {
  const symbol = SYMBOLS.get(text);
  const dollar = (code: string) =>
    code === "USD" && group !== undefined && DOLLARS.has(group) ? group : code;
  if (symbol !== undefined) {
    if (text === "$" && writesCifrao(group)) return group;
    return text === "$" ? dollar(symbol) : symbol;
  }
  const key = text.toLowerCase();
  if (isMemberName(key)) return undefined;
  const word = WORDS.get(key) ??
    (ACCENTED.has(key) ? WORDS.get(key.normalize("NFD").replace(/\p{M}/gu, "")) : undefined);
  if (word !== undefined) {
    if (word === "CHF" && group !== undefined && FRANCS.has(group)) return group;
    return ["bucks", "buck", "dollar", "dollars"].includes(key) ? dollar(word) : word;
  }
  if (LOWER_CASE_CODES.has(key)) return key.toUpperCase();
  if (/^[A-Z]{3}$/.test(text) && isCurrency(text)) return text;
  const family = FAMILIES.get(key.normalize("NFD").replace(/\p{M}/gu, ""));
  if (family !== undefined && group !== undefined && family.includes(group)) return group;
  // Every other currency's signs and names, from CLDR (round 8).
  return markedCurrency(text, group);
}

/** {@linkcode currencyOf} for a whole token. */
export function tokenCurrency(
  token: Token | undefined,
  isMemberName: (key: string) => boolean,
  group?: string,
): string | undefined {
  return token === undefined ? undefined : currencyOf(token.raw, isMemberName, group);
}
