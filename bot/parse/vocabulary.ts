/**
 * The parser's grammar words in all its languages (fillers, currencies, dates, intents, people,
 * roles, debts, numbers): what a capitalised word must not be to be taken for a stranger's name,
 * what typos are corrected towards, and what the category lexicon leaves out. Category words are
 * apart (`category.ts`), so that the lexicon's build script can use this list. Pure.
 *
 * @module
 */
import { isNoteWord, isThousandWord } from "./amount.ts";
import { isCurrencyWord } from "./currency.ts";
import { isDateWord } from "./date.ts";
import { isDebtWord } from "./debts.ts";
import { isFillerWord, isPlainWord } from "./description.ts";
import { isIntentWord } from "./intent.ts";
import { isNumberWord } from "./numbers.ts";
import { isPersonWord } from "./people.ts";
import { isRelativeDateWord } from "./relative_dates.ts";
import { isRoleWord } from "./roles.ts";
import { isSplitWord } from "./split.ts";

/** Whether a key is one of the parser's grammar words (no category words). */
export function isParserWord(key: string): boolean {
  return isCurrencyWord(key) || isDateWord(key) || isRelativeDateWord(key) ||
    isFillerWord(key) || isIntentWord(key) || isPersonWord(key) || isRoleWord(key) ||
    isDebtWord(key) || isNumberWord(key) || isSplitWord(key) || isThousandWord(key) ||
    isNoteWord(key) || isPlainWord(key);
}
