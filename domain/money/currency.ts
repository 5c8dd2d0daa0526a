import { CODES_BY_DIGITS } from "./currency_table.ts";

/**
 * Minor-unit digits by code. The table is generated from the `currency-codes`
 * package (ISO 4217) without the codes whose minor unit is "N.A." (XAU, XDR,
 * XXX, …): see `_currency_table_source.ts`; `currency_test.ts` checks it
 * against the package. No npm import here, so the PWA can bundle this file.
 */
const EXPONENTS: ReadonlyMap<string, number> = new Map(
  Object.entries(CODES_BY_DIGITS).flatMap(([digits, codes]) =>
    codes.split(" ").map((code) => [code, Number(digits)] as const)
  ),
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
