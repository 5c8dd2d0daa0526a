/**
 * Builds `currency_markers.json`, the signs and names of every currency a group can have, from the
 * Unicode CLDR data that V8's ICU carries (read through `Intl`; Deno 2.9.6's ICU):
 *
 * - signs: the `symbol` and `narrowSymbol` of each currency of `Intl.supportedValuesOf("currency")`
 *   in every locale of the parser's five languages in every region, and in each region's own
 *   likely language ("RD$" in es-DO, "GH₵" in en-GH, "Bs" in es-BO, "G" in fr-HT, "Ksh" in
 *   en-KE); a sign that is only the ISO code is left out (codes are read apart);
 * - words: the head noun of each currency's name, singular and plural, in the five languages (the
 *   last word in English and German, "Jamaican dollars", "Jamaika-Dollar"; the first in Spanish,
 *   French and Portuguese, "pesos dominicanos", "gourdes haïtiennes"), as keys.
 *
 * Each marker lists every currency it may mean; `currency_markers.ts` decides when it counts. A
 * few local signs that CLDR lacks are added by hand in `EXTRA` below, each with its source.
 * Deterministic: the output is sorted. It takes about 15 s, so it is built, not computed at start.
 *
 * Run: `deno run bot/parse/lexicon/build_currency_markers.ts > bot/parse/lexicon/currency_markers.json`
 *
 * @module
 */
import { keyOf } from "../text.ts";

/** The parser's languages. */
const LANGUAGES = ["en", "es", "de", "fr", "pt"] as const;

/**
 * Local signs CLDR does not carry, written on prices and receipts where the currency is used:
 * Jamaica's "J$" (the Bank of Jamaica's own notation), the Philippine peso's "P" (the letter
 * printed before the ₱ sign existed in fonts), Haiti's "gdes"/"gde" (the Banque de la République
 * d'Haïti's abbreviation of gourdes), Ghana's "ghc" and "gh¢" (the old ISO code GHC and sign,
 * still written for the new cedi), Kenya's "KSh" (the Central Bank of Kenya's spelling), Hong
 * Kong's "蚊" (Cantonese "man", the spoken dollar, written after the number on menus and in chat).
 */
const EXTRA: Readonly<Record<string, readonly string[]>> = {
  "J$": ["JMD"],
  "P": ["PHP"],
  "gdes": ["HTG"],
  "gde": ["HTG"],
  "ghc": ["GHS"],
  "gh¢": ["GHS"],
  "KSh": ["KES"],
  "蚊": ["HKD"],
};

/**
 * Heads that are no unit: an adjective leading a name ("nuevo sol", "novo kwanza") or a place
 * ("Bosnien und Herzegowina").
 */
const NOT_UNITS: ReadonlySet<string> = new Set([
  ...["nouveau", "nouveaux", "novo", "novos", "nuevo", "nuevos", "herzegowina"],
]);

/** Codes that are no money a group keeps accounts in (XDR drawing rights, gold, testing). */
function isMoney(code: string): boolean {
  return !code.startsWith("X") || ["XAF", "XOF", "XCD", "XPF"].includes(code);
}

function add(map: Map<string, Set<string>>, key: string, code: string): void {
  if (!map.has(key)) map.set(key, new Set());
  map.get(key)!.add(code);
}

/** Every region code ICU names ("JM", "BO", …). */
function regions(): string[] {
  const names = new Intl.DisplayNames("en", { type: "region", fallback: "none" });
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (names.of(code) !== undefined) codes.push(code);
    }
  }
  return codes;
}

/** The locales read for signs: each language in each region, and each region's own language. */
function locales(): string[] {
  const all = new Set<string>();
  for (const region of regions()) {
    for (const lang of LANGUAGES) all.add(`${lang}-${region}`);
    all.add(`${new Intl.Locale(`und-${region}`).maximize().language}-${region}`);
  }
  return Intl.NumberFormat.supportedLocalesOf([...all]);
}

function currencyPart(locale: string, currency: string, display: string, n: number): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    currencyDisplay: display as "symbol",
  }).formatToParts(n).filter((p) => p.type === "currency").map((p) => p.value).join("");
}

/** The head noun of a currency's name in `lang` (see the module's comment), as a key. */
export function headNoun(name: string, lang: string): string | undefined {
  const words = name.split(/[\s-]+/).filter((w) => w !== "");
  const head = lang === "en" || lang === "de" ? words.at(-1) : words[0];
  const key = head === undefined ? undefined : keyOf(head);
  return key !== undefined && /^\p{L}{3,}$/u.test(key) && !NOT_UNITS.has(key) ? key : undefined;
}

/** The markers (see the module's comment). */
export function buildMarkers(): {
  signs: Record<string, string[]>;
  words: Record<string, string[]>;
} {
  const signs = new Map<string, Set<string>>();
  const words = new Map<string, Set<string>>();
  const currencies = Intl.supportedValuesOf("currency").filter(isMoney);
  for (const currency of currencies) {
    for (const locale of locales()) {
      for (const display of ["symbol", "narrowSymbol"]) {
        const sign = currencyPart(locale, currency, display, 2);
        if (sign !== currency && sign !== "" && !/\s|\p{Cf}/u.test(sign)) {
          add(signs, sign, currency);
        }
      }
    }
    for (const lang of LANGUAGES) {
      const names = [
        new Intl.DisplayNames(lang, { type: "currency" }).of(currency) ?? "",
        currencyPart(lang, currency, "name", 1),
        currencyPart(lang, currency, "name", 2),
      ];
      for (const name of names) {
        const head = headNoun(name, lang);
        if (head !== undefined && head !== currency.toLowerCase()) add(words, head, currency);
      }
    }
  }
  for (const [sign, codes] of Object.entries(EXTRA)) {
    for (const code of codes) add(/^\p{Ll}+$/u.test(sign) ? words : signs, sign, code);
  }
  const sorted = (map: Map<string, Set<string>>) =>
    Object.fromEntries(
      [...map].sort(([a], [b]) => a < b ? -1 : 1).map(([k, v]) => [k, [...v].sort()]),
    );
  return { signs: sorted(signs), words: sorted(words) };
}

if (import.meta.main) {
  const { signs, words } = buildMarkers();
  // deno-lint-ignore no-console
  console.log(JSON.stringify(
    {
      about:
        "Currency signs and names from the Unicode CLDR data in V8's ICU (Deno 2.9.6), read through Intl by build_currency_markers.ts, with a few local signs CLDR lacks (its EXTRA). Each marker lists the currencies it may mean; currency_markers.ts decides when it counts.",
      signs,
      words,
    },
    null,
    1,
  ));
}
