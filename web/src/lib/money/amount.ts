/**
 * Amounts as the API writes them: decimal strings with at most the
 * currency's minor digits, held as bigint minor units. Never a float.
 *
 * @module
 */
import { currencyExponent } from "./currencies.ts";
import { MoneyError } from "./errors.ts";

/** The most digits an amount may have in minor units (API contract). */
export const MAX_MINOR_DIGITS = 15;
const LIMIT = 10n ** BigInt(MAX_MINOR_DIGITS);
const AMOUNT = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/** The minor digits of `currency`, or a `money.unknown_currency` error. */
export function exponentOf(currency: string, path?: string): number {
  const e = currencyExponent(currency);
  if (e === undefined) {
    throw new MoneyError("money.unknown_currency", `unknown currency ${currency}`, path);
  }
  return e;
}

/**
 * Parses the API's decimal string into minor units, as strictly as the server.
 *
 * @example
 * ```ts
 * parseAmount("12.3", "EUR"); // 1230n
 * ```
 */
export function parseAmount(amount: string, currency: string, path?: string): bigint {
  const exponent = exponentOf(currency, path);
  const m = AMOUNT.exec(amount);
  if (!m) {
    throw new MoneyError("money.invalid_amount", `"${amount}" is not an amount like 12.34`, path);
  }
  const [, sign, whole, fraction = ""] = m;
  if (fraction.length > exponent) {
    throw new MoneyError(
      "money.too_many_decimals",
      exponent === 0
        ? `${currency} has no decimal places`
        : `${currency} allows at most ${exponent} decimal places`,
      path,
    );
  }
  const magnitude = BigInt(whole + fraction.padEnd(exponent, "0"));
  if (magnitude >= LIMIT) {
    throw new MoneyError("money.too_large", "the amount is too large", path);
  }
  return sign === "-" ? -magnitude : magnitude;
}

/**
 * The canonical decimal string of minor units.
 *
 * @example
 * ```ts
 * formatAmount(-5n, "EUR"); // "-0.05"
 * ```
 */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = exponentOf(currency);
  const sign = minor < 0n ? "-" : "";
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  const cut = digits.length - exponent;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/**
 * Turns what a person typed into the API's decimal form: trims, drops spaces
 * and apostrophes used as group separators, and reads a single comma as the
 * decimal point ("12,5" → "12.5"). It does not validate; {@linkcode parseAmount} does.
 */
export function normaliseAmountInput(text: string): string {
  let s = text.trim().replace(/[\s'\u00a0\u202f]/g, "");
  if (s.includes(",") && !s.includes(".")) {
    const parts = s.split(",");
    // "1,234" with exactly three digits after a single comma is ambiguous; in a money field
    // people mean a decimal comma far more often than a thousands separator.
    s = parts.length === 2 ? `${parts[0]}.${parts[1]}` : parts.join("");
  } else if (s.includes(",") && s.includes(".")) {
    // "1,234.50" or "1.234,50": the last separator is the decimal point.
    if (s.lastIndexOf(",") > s.lastIndexOf(".")) s = s.replace(/\./g, "").replace(",", ".");
    else s = s.replace(/,/g, "");
  }
  return s;
}

/** Parses user input (see {@linkcode normaliseAmountInput}) into minor units, or throws. */
export function parseUserAmount(text: string, currency: string, path?: string): bigint {
  const s = normaliseAmountInput(text);
  if (s === "") throw new MoneyError("money.required", "enter an amount", path);
  return parseAmount(s, currency, path);
}
