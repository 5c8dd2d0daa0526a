/**
 * Formatting with Intl for the PWA's locale (ADR 0058: the one chosen on the
 * account page, else the browser's): "1.234,56 €" in German, "€1,234.56" in
 * English. Money is formatted from its decimal string, never through a float.
 * Every function takes the locale last, for tests; the default is the current one.
 *
 * @module
 */
import { currencyExponent } from "$domain/money/mod.ts";
import { getLocale, m } from "./i18n/mod.ts";
import type { Money } from "./types.ts";

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `n:${locale}:${currency}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    const digits = currencyExponent(currency) ?? 2;
    try {
      f = new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    cache.set(key, f);
  }
  return f;
}

/**
 * Formats money for people: "€12.34", "12,34 €", "¥1,000". The decimal string
 * goes to Intl as is (exact decimal formatting), so nothing is rounded.
 */
export function formatMoney(m: Money | null | undefined, locale: string = getLocale()): string {
  if (!m) return "";
  // Intl formats numeric strings exactly (ES2023); the cast is for older lib typings.
  return numberFormat(m.currency, locale).format(m.amount as unknown as number);
}

/**
 * A plain number (a count, a percentage's figure, a rate) as the locale writes it: "1.234,5"
 * in German. Decimal strings are formatted exactly, like money.
 */
export function formatNumber(
  n: number | bigint | string,
  options: Intl.NumberFormatOptions = {},
  locale: string = getLocale(),
): string {
  const key = `x:${locale}:${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 20, ...options });
    cache.set(key, f);
  }
  return f.format(n as number);
}

/** Formats an amount string with sign for balances: "+€5.00" / "−€5.00". */
export function formatSigned(m: Money, locale: string = getLocale()): string {
  const negative = m.amount.startsWith("-");
  const text = formatMoney({ ...m, amount: negative ? m.amount.slice(1) : m.amount }, locale);
  if (/^0(\.0+)?$/.test(negative ? m.amount.slice(1) : m.amount)) return text;
  return `${negative ? "−" : "+"}${text}`;
}

function dateFormat(key: string, options: Intl.DateTimeFormatOptions, locale: string): Intl.DateTimeFormat {
  key = `${key}:${locale}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** A calendar date `YYYY-MM-DD`, as the locale writes it: "6 dic 2026", "06.12.2026". */
export function formatDate(date: string, locale: string = getLocale()): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return dateFormat("d", { dateStyle: "medium", timeZone: "UTC" }, locale).format(d);
}

/** An instant (RFC 3339), date and time in the browser's zone. */
export function formatTime(iso: string, locale: string = getLocale()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat("t", { dateStyle: "medium", timeStyle: "short" }, locale).format(d);
}

/** A month `YYYY-MM`: "Mar 2026". */
export function formatMonth(month: string, locale: string = getLocale()): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return month;
  return dateFormat("m", { month: "short", year: "numeric", timeZone: "UTC" }, locale).format(d);
}

/** "5 minutes ago", "yesterday". */
export function formatRelative(iso: string, now = Date.now(), locale: string = getLocale()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86400), "day");
}

/** Today's date in the browser's zone, `YYYY-MM-DD`. */
export function today(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

// Named one by one, not looked up in `m` by key, so that the bundler keeps only these messages.
const CATEGORY: Readonly<Record<string, () => string>> = {
  food: m.common_category_food, groceries: m.common_category_groceries, transport: m.common_category_transport,
  lodging: m.common_category_lodging, entertainment: m.common_category_entertainment,
  shopping: m.common_category_shopping, utilities: m.common_category_utilities, rent: m.common_category_rent,
  health: m.common_category_health, gifts: m.common_category_gifts, other: m.common_category_other,
};
const ROLE: Readonly<Record<string, () => string>> = {
  owner: m.common_role_owner, admin: m.common_role_admin, member: m.common_role_member,
  auditor: m.common_role_auditor, viewer: m.common_role_viewer,
};

/** A category's label: a built-in one in the reader's language ("Lebensmittel"), a group's own as named. */
export function categoryLabel(c: string): string {
  return (Object.hasOwn(CATEGORY, c) ? CATEGORY[c]() : undefined) ?? c.charAt(0).toUpperCase() + c.slice(1);
}

/** A role's label, in the reader's language. */
export function roleLabel(r: string): string {
  return (Object.hasOwn(ROLE, r) ? ROLE[r]() : undefined) ?? r.charAt(0).toUpperCase() + r.slice(1);
}
