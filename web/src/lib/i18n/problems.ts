/**
 * Server problems and money-rule errors as the reader's language says them (ADR 0058). The
 * server's problem documents keep stable `code`s (`invite.used`, `money.too_many_decimals`);
 * each has a message `errors_<code>` in messages/errors (dots and dashes as `_`). English shows
 * the server's own detail, which names the fields; other locales show the code's message, and
 * the server's detail when the catalogue has no message for the code.
 *
 * Not imported by src/lib/api (the service worker bundles it and must not bundle the catalogues).
 *
 * @module
 */
import { MoneyError } from "$domain/money/mod.ts";
import { ApiError, describeProblem, errorMessage, NetworkError } from "../api/errors.ts";
import { sentence } from "../sentence.ts";
import type { Problem } from "../types.ts";
import { baseLocale, getLocale, m } from "./mod.ts";

/** The catalogue key of a problem code: `invite.used` → `errors_invite_used`. */
export function problemKey(code: string): string {
  return `errors_${code.replace(/[.-]/g, "_")}`;
}

/** The message for `code` in the current locale, if the catalogue has one (never in English). */
export function codeText(code: string | undefined, locale: string = getLocale()): string | undefined {
  if (!code || locale === baseLocale) return undefined;
  const message = (m as unknown as Record<string, unknown>)[problemKey(code)];
  return typeof message === "function" ? (message as (i: object, o: object) => string)({}, { locale }) : undefined;
}

/** A problem document for people, in the current locale. */
export function problemText(p: Problem | null | undefined, locale: string = getLocale()): string {
  if (!p) return "";
  return codeText(p.code ?? p.type?.split("/").pop(), locale) ?? sentence(p.detail ?? describeProblem(p));
}

/** Any error a page caught, for people, in the current locale. */
export function errorText(e: unknown, locale: string = getLocale()): string {
  if (e instanceof NetworkError) return codeText("offline", locale) ?? e.message;
  if (e instanceof ApiError) return codeText(e.code, locale) ?? e.message;
  if (e instanceof MoneyError) return codeText(e.code, locale) ?? sentence(e.message);
  return errorMessage(e);
}
