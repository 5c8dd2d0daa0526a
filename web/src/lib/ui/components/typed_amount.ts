/**
 * An amount of the API (`"1234.50"`) as a person would type it in the page's locale, to prefill
 * an amount field: "1234,50" in German, no grouping, the currency's decimals. What is typed back
 * is read by `normaliseAmountInput`/`parseUserAmount` (#lib/money), so a prefilled "1,500" (KWD,
 * German) reads as 1.5, not as 1500.
 *
 * @module
 */
import { currencyExponent } from "#lib/money/mod.ts";
import { formatNumber } from "#lib/format.ts";
import { getLocale } from "#lib/i18n/mod.ts";

/** `decimal` (the API's form) as the locale writes it, for an input's value; "" stays "". */
export function typedAmount(decimal: string, currency: string, locale: string = getLocale()): string {
  if (decimal.trim() === "") return decimal;
  const digits = currencyExponent(currency) ?? 2;
  return formatNumber(decimal, { useGrouping: false, minimumFractionDigits: digits, maximumFractionDigits: digits }, locale);
}

/** A plain decimal (a rate, a percentage) as the locale writes it, without grouping. */
export function typedDecimal(decimal: string, locale: string = getLocale()): string {
  return decimal.trim() === "" ? decimal : formatNumber(decimal, { useGrouping: false }, locale);
}
