/**
 * The PWA's languages (ADR 0058): Paraglide JS's typed message functions (`m.home_title()`),
 * compiled from the catalogues in ./messages/<area>/<locale>.json, and the locale: the one
 * chosen on the account page (kept in localStorage), else the best of the browser's
 * `navigator.languages`, else English. Changing it reloads the page, so nothing has to be
 * reactive to the locale. Import messages from here, not from ../paraglide (generated), so the
 * chosen locale's strategy is registered before the first message is rendered.
 *
 * @module
 */
import {
  baseLocale,
  defineCustomClientStrategy,
  getLocale,
  getTextDirection,
  isLocale,
  type Locale,
  locales,
} from "../paraglide/runtime.js";

export { m } from "../paraglide/messages.js";
export { baseLocale, getLocale, type Locale, locales };

/** Where the account page's choice is kept. */
export const LOCALE_KEY = "kopek.locale";

/** The locale chosen on the account page, or null when Kopek follows the browser. */
export function chosenLocale(): Locale | null {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

// Read-only: Paraglide calls setLocale once with the resolved locale on the first getLocale();
// keeping that would pin the browser's language of the first visit.
defineCustomClientStrategy("custom-chosen", {
  getLocale: () => chosenLocale() ?? undefined,
  setLocale: () => {},
});

/** Keeps `locale` (null: follow the browser again) and reloads the page in it. */
export function chooseLocale(locale: Locale | null): void {
  try {
    if (locale) globalThis.localStorage?.setItem(LOCALE_KEY, locale);
    else globalThis.localStorage?.removeItem(LOCALE_KEY);
  } catch {
    // storage refused: the choice lasts until the reload only
  }
  globalThis.location?.reload();
}

/** Sets `<html lang dir>` to the current locale, for screen readers, hyphenation and fonts. */
export function applyLocaleToDocument(doc: Document = document): void {
  const locale = getLocale();
  doc.documentElement.lang = locale;
  doc.documentElement.dir = getTextDirection(locale);
}

/** Each locale's name in its own language, for the switch. */
export const localeNames: Readonly<Record<Locale, string>> = {
  en: "English",
  es: "Español",
  de: "Deutsch",
};
