/**
 * ISO 4217 currencies Kopek can hold money in, with their minor-unit digits
 * (the same table as the server's `domain/money/currency.ts`: every code with
 * a minor unit; metals, SDR and test codes excluded).
 *
 * @module
 */

const TABLE: Record<number, string> = {
  0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
  2: "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP " +
    "BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR " +
    "FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW " +
    "KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN " +
    "NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD " +
    "SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS " +
    "VED VES WST XCD YER ZAR ZMW ZWG",
  3: "BHD IQD JOD KWD LYD OMR TND",
  4: "CLF UYW",
};

const EXPONENTS: ReadonlyMap<string, number> = new Map(
  Object.entries(TABLE).flatMap(([digits, codes]) =>
    codes.split(" ").map((code) => [code, Number(digits)] as const)
  ),
);

/** Every accepted code, sorted. */
export const CURRENCY_CODES: readonly string[] = [...EXPONENTS.keys()].sort();

/** Codes people pick most, listed first in pickers. */
export const COMMON_CURRENCIES: readonly string[] = [
  "EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
  "RON", "BGN", "TRY", "UAH", "RUB", "CNY", "INR", "BRL", "MXN",
];

/**
 * ISO 4217 fund codes (units of account and special settlement codes such as
 * BOV, CHE, CLF): money can be held in them (the server accepts them), but
 * nobody splits a dinner in them, so currency pickers leave them out.
 */
export const FUND_CODES: ReadonlySet<string> = new Set([
  "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW",
]);

/** The minor-unit digits of a currency (2 for EUR, 0 for JPY, 3 for BHD), or undefined. */
export function currencyExponent(code: string): number | undefined {
  return EXPONENTS.get(code);
}

/** Whether Kopek can hold money in `code`. */
export function isCurrency(code: string): boolean {
  return EXPONENTS.has(code);
}
