/**
 * The bot's replies in English, Spanish, German, French and Portuguese
 * (`/lang en|es|de|fr|pt`, kept per Telegram user). One catalogue per language
 * (`messages/en.ts`, …) with the same keys, checked by the compiler: a reply
 * missing in one language does not build.
 *
 * @module
 */
import { de } from "./messages/de.ts";
import { en } from "./messages/en.ts";
import { es } from "./messages/es.ts";
import { fr } from "./messages/fr.ts";
import { pt } from "./messages/pt.ts";

/** The languages the bot replies in. */
export type Lang = "en" | "es" | "de" | "fr" | "pt";

/** The languages, for `/lang`. */
export const LANGS: readonly Lang[] = ["en", "es", "de", "fr", "pt"];

/** Every reply the bot writes, by key. */
export interface Messages {
  help: string;
  hello: string;
  linkFirst: string;
  linked: (name: string) => string;
  codeUnknown: string;
  codeUsed: string;
  codeExpired: string;
  linkFailed: string;
  noGroup: string;
  whichGroup: (names: string) => string;
  notMember: (group: string) => string;
  noSuchGroup: (name: string, names: string) => string;
  chatUses: (group: string) => string;
  unknownCommand: string;
  notUnderstood: (reason: string) => string;
  recorded: (what: string) => string;
  forWhat: (description: string) => string;
  paidBy: (name: string) => string;
  splitBetween: (names: string) => string;
  everyone: string;
  alone: (name: string) => string;
  today: string;
  defaults: (list: string) => string;
  defaultCurrency: (currency: string) => string;
  defaultDate: string;
  defaultSplit: string;
  settlementRecorded: (from: string, to: string, amount: string) => string;
  /** A payment as others are told of it: who paid whom how much (no closing stop). */
  payment: (from: string, to: string, amount: string) => string;
  undone: string;
  nothingToUndo: string;
  changedSince: string;
  unreachableRetrying: string;
  notSaved: string;
  refused: string;
  whichAmount: string;
  whoIs: (name: string) => string;
  /** Two or more active members have this name: which one? */
  whichMember: (name: string) => string;
  /** A button for one of them: the name and its place among them (the sender is "you"). */
  memberChoice: (name: string, place: number, isSender: boolean) => string;
  /** A member the message or the plan named has left the group (or was renamed) since. */
  memberGone: (name: string, group: string) => string;
  dropName: (name: string) => string;
  whatRole: (name: string) => string;
  rolePaid: (name: string) => string;
  roleShares: (name: string) => string;
  roleFor: (name: string) => string;
  questionGone: string;
  editPrompt: string;
  amended: (what: string) => string;
  balancesIn: (group: string) => string;
  settledUp: string;
  pays: (from: string, to: string, amount: string) => string;
  settlePlan: (group: string) => string;
  settleButton: (from: string, to: string, amount: string) => string;
  langSet: string;
  langUsage: string;
  muted: string;
  unmuted: string;
  notified: (author: string, group: string, what: string) => string;
  undoButton: string;
  editButton: string;
  /** The language model's reading of a text the rules could not read, asked back (ADR 0068). */
  modelGuess: (what: string) => string;
  confirmButton: string;
  cancelButton: string;
  cancelled: string;
  /** A receipt (photo or file) attached to an expense. */
  receiptAttached: (what: string) => string;
  /** A receipt with no expense to attach to. */
  receiptNoExpense: string;
  receiptTooLarge: string;
  receiptUnsupported: string;
  receiptImageTooLarge: string;
  receiptForbidden: string;
  receiptLimit: string;
  receiptExpenseGone: string;
  /** The expense a receipt went to, when the bot does not know its words. */
  thatExpense: string;
}

const CATALOGUE: Record<Lang, Messages> = { en, es, de, fr, pt };

/** The replies in `lang` (English when unknown). */
export function messages(lang: string | undefined): Messages {
  return CATALOGUE[(LANGS as readonly string[]).includes(lang ?? "") ? lang as Lang : "en"];
}

/**
 * The language of a Telegram `language_code` ("es-AR" → es, "pt-BR" and "pt-PT" → pt), English
 * otherwise.
 */
export function langOf(code: string | undefined): Lang {
  const base = (code ?? "").slice(0, 2).toLowerCase();
  return (LANGS as readonly string[]).includes(base) ? base as Lang : "en";
}
