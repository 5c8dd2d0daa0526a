/**
 * Amounts as people type them, in their locale's way (ADR 0058): "1.234,56" in
 * German and Spanish, "1,234.56" in English. Parsing and formatting the API's
 * decimal strings (`parseAmount`, `formatAmount`) are the server's own, from
 * `domain/money`; this file only reads what a person typed into that form.
 *
 * @module
 */
import { MoneyError, parseAmount } from "$domain/money/mod.ts";

/**
 * The page's locale: `<html lang>`, which the layout sets from the PWA's (i18n/mod.ts,
 * `applyLocaleToDocument`). Read from the document, not imported, so the service worker, which
 * bundles this file through the outbox, does not bundle the catalogues. English elsewhere.
 */
function pageLocale(): string {
  const doc = (globalThis as { document?: { documentElement?: { lang?: string } } }).document;
  return doc?.documentElement?.lang || "en";
}

const separatorsCache = new Map<string, { decimal: string; group: string }>();

/** The locale's decimal and group separators, from Intl ("," and "." in German). */
export function separatorsOf(locale: string): { decimal: string; group: string } {
  let s = separatorsCache.get(locale);
  if (!s) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
    const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
    const group = parts.find((p) => p.type === "group")?.value ?? ",";
    s = { decimal, group: /\s/.test(group) ? " " : group };
    separatorsCache.set(locale, s);
  }
  return s;
}

/** "1.234.567" read as grouping: a first group of 1 to 3 digits, then groups of exactly 3. */
function isGrouping(s: string, sep: string): boolean {
  const parts = s.replace(/^[-+]/, "").split(sep);
  return parts.length > 1 && /^\d{1,3}$/.test(parts[0]) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

/**
 * Turns what a person typed into the API's decimal form ("1234.56"): trims, drops spaces and
 * apostrophes used as group separators, and reads "," and "." the locale's way. When both
 * appear, the last one is the decimal point ("1,234.50", "1.234,50"). When one appears, it is
 * the decimal point, unless it is the locale's group separator in well-formed groups ("1.234"
 * is 1234 in German, "1,234" is 1234 in English); a group separator anywhere else is read as a
 * decimal point, since people type "12,50" and "12.50" in every locale. It does not validate;
 * {@linkcode parseAmount} does.
 */
export function normaliseAmountInput(text: string, locale: string = pageLocale()): string {
  let s = text.trim().replace(/[\s'\u2019\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
  const comma = s.includes(","), dot = s.includes(".");
  if (comma && dot) {
    if (s.lastIndexOf(",") > s.lastIndexOf(".")) s = s.replace(/\./g, "").replace(",", ".");
    else s = s.replace(/,/g, "");
  } else if (comma || dot) {
    const sep = comma ? "," : ".";
    const { group } = separatorsOf(locale);
    if (sep === group && isGrouping(s, sep)) s = s.split(sep).join("");
    else if (s.split(sep).length === 2) s = s.replace(sep, ".");
    else if (isGrouping(s, sep)) s = s.split(sep).join("");
  }
  return s;
}

/** Parses user input (see {@linkcode normaliseAmountInput}) into minor units, or throws. */
export function parseUserAmount(text: string, currency: string, path?: string, locale: string = pageLocale()): bigint {
  const s = normaliseAmountInput(text, locale);
  if (s === "") throw new MoneyError("money.required", "enter an amount", path);
  return parseAmount(s, currency, path);
}
