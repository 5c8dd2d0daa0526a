/**
 * Amounts as people type them. Parsing and formatting the API's decimal
 * strings (`parseAmount`, `formatAmount`) are the server's own, from
 * `domain/money`; this file only reads what a person typed into that form.
 *
 * @module
 */
import { MoneyError, parseAmount } from "$domain/money/mod.ts";

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
