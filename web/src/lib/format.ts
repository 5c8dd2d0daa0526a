/**
 * Language-aware formatting with Intl (the browser's language). Money is
 * formatted from its decimal string, never through a float.
 *
 * @module
 */
import { currencyExponent } from "$domain/money/mod.ts";
import type { Money } from "./types.ts";

function locale(): string | undefined {
  return globalThis.navigator?.language || undefined;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(currency: string): Intl.NumberFormat {
  const key = `n:${currency}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    const digits = currencyExponent(currency) ?? 2;
    try {
      f = new Intl.NumberFormat(locale(), {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      f = new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    cache.set(key, f);
  }
  return f;
}

/**
 * Formats money for people: "€12.34", "12,34 €", "¥1,000". The decimal string
 * goes to Intl as is (exact decimal formatting), so nothing is rounded.
 */
export function formatMoney(m: Money | null | undefined): string {
  if (!m) return "";
  // Intl formats numeric strings exactly (ES2023); the cast is for older lib typings.
  return numberFormat(m.currency).format(m.amount as unknown as number);
}

/** Formats an amount string with sign for balances: "+€5.00" / "−€5.00". */
export function formatSigned(m: Money): string {
  const negative = m.amount.startsWith("-");
  const text = formatMoney({ ...m, amount: negative ? m.amount.slice(1) : m.amount });
  if (/^0(\.0+)?$/.test(negative ? m.amount.slice(1) : m.amount)) return text;
  return `${negative ? "−" : "+"}${text}`;
}

function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), options);
    cache.set(key, f);
  }
  return f;
}

/** A calendar date `YYYY-MM-DD`, as the browser's language writes it. */
export function formatDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return dateFormat("d", { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

/** An instant (RFC 3339), date and time in the browser's zone. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat("t", { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/** A month `YYYY-MM`: "Mar 2026". */
export function formatMonth(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return month;
  return dateFormat("m", { month: "short", year: "numeric", timeZone: "UTC" }).format(d);
}

/** "5 minutes ago", "yesterday". */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: "auto" });
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

/** A category's label. */
export function categoryLabel(c: string): string {
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** A role's label. */
export function roleLabel(r: string): string {
  return r.charAt(0).toUpperCase() + r.slice(1);
}
