import codes from "currency-codes";

/**
 * ISO 4217 codes whose minor unit is "N.A." (precious metals, bond-market
 * units, SDR, SUCRE, ADB unit, test and no-currency codes). The
 * `currency-codes` package reads "N.A." as 0 digits, which would make them look
 * like JPY; Kopek cannot hold money in them, so they are unknown here. The list
 * is checked against the XML shipped in the package by `currency_test.ts`.
 */
const NO_MINOR_UNIT: ReadonlySet<string> = new Set([
  "XAG",
  "XAU",
  "XBA",
  "XBB",
  "XBC",
  "XBD",
  "XDR",
  "XPD",
  "XPT",
  "XSU",
  "XTS",
  "XUA",
  "XXX",
]);

const EXPONENTS: ReadonlyMap<string, number> = new Map(
  codes.data
    .filter((record) => !NO_MINOR_UNIT.has(record.code))
    .map((record) => [record.code, record.digits] as const),
);

const CODES: readonly string[] = Object.freeze([...EXPONENTS.keys()].sort());

/**
 * The ISO 4217 minor-unit digits of a currency (2 for EUR, 0 for JPY, 3 for
 * BHD), or `undefined` for a code Kopek cannot hold money in: not in ISO 4217,
 * not upper case, or with a minor unit of "N.A." (XAU, XDR, XXX, …).
 *
 * @example
 * ```ts
 * currencyExponent("BHD"); // 3
 * currencyExponent("XAU"); // undefined
 * ```
 */
export function currencyExponent(code: string): number | undefined {
  return EXPONENTS.get(code);
}

/** Whether `code` is a currency Kopek can hold money in (see {@linkcode currencyExponent}). */
export function isCurrency(code: string): boolean {
  return EXPONENTS.has(code);
}

/** Every currency code Kopek accepts, sorted; the array is frozen. */
export function currencyCodes(): readonly string[] {
  return CODES;
}
