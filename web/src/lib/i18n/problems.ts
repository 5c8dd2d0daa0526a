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
import { isLocale } from "../paraglide/runtime.js";
import { baseLocale, getLocale } from "./mod.ts";
import type { Message } from "./code_messages.ts";

/** The catalogue key of a problem code: `invite.used` → `errors_invite_used`. */
export function problemKey(code: string): string {
  return `errors_${code.replace(/[.-]/g, "_")}`;
}

/** The code → message table once loaded (a chunk of its own: English never needs it). */
let codeMessages: Readonly<Record<string, Message>> | null = null;

/** Loads the table of code messages; codeText has none until it is there. */
export async function loadCodeMessages(): Promise<Readonly<Record<string, Message>>> {
  return codeMessages ??= (await import("./code_messages.ts")).CODE_MESSAGES;
}

// A page in Spanish or German loads the table at once (its first refusal comes later).
if (typeof document !== "undefined" && getLocale() !== baseLocale) void loadCodeMessages();

/** The message for `code` in the current locale, if the catalogue has one (never in English). */
export function codeText(code: string | undefined, locale: string = getLocale()): string | undefined {
  if (!code || locale === baseLocale || !isLocale(locale)) return undefined;
  const message = codeMessages && Object.hasOwn(codeMessages, code) ? codeMessages[code] : undefined;
  return message ? message({}, { locale }) : undefined;
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
