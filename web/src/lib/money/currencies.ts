/**
 * Currency pickers: the codes people pick most, and the fund codes they never
 * do. Which codes exist and their minor-unit digits are the server's own
 * (`currencyCodes`, `currencyExponent`, `isCurrency` from `domain/money`).
 *
 * @module
 */
import { currencyCodes } from "$domain/money/mod.ts";

/** Every accepted code, sorted (the server's list). */
export const CURRENCY_CODES: readonly string[] = currencyCodes();

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
