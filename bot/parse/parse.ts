import { extractAmount } from "./amount.ts";
import { joinBrandNames } from "./brand_names.ts";
import { extractHeadcount } from "./headcount.ts";
import { categorize, isCategoryWord } from "./category.ts";
import { findDebt } from "./debts.ts";
import { extractDate, namesTomorrow } from "./date.ts";
import { describe } from "./description.ts";
import { isBrandName } from "./lexicon/brands.ts";
import { readCommand, wordIntent } from "./intent.ts";
import { expandClippedNames, joinMemberNames } from "./names.ts";
import { memberNamed } from "./people.ts";
import { findRoles, isTransfer, readFrenchInfinitives } from "./roles.ts";
import { correctTypos } from "./spelling.ts";
import { extractSplit } from "./split.ts";
import { isForRelative, isKinWord } from "./owner.ts";
import { tokenize } from "./text.ts";
import { isParserWord } from "./vocabulary.ts";
import type { ParseContext, ParseResult, UnknownParse } from "./types.ts";

function unknown(reason: string): UnknownParse {
  return { intent: "unknown", reason };
}

/** Words the parser knows, so that a capitalised one is not taken for a stranger's name. */
function isKnownWord(key: string): boolean {
  return isParserWord(key) || isCategoryWord(key) || isKinWord(key);
}

/**
 * Parses one chat message. Pure and deterministic: the same text and context
 * give the same result, with no network and no clock.
 *
 * The steps, each claiming the words it understands: a slash command
 * ("/balance", "/undo", "/add …"); balance or undo asked in words; the date
 * (see `extractDate`); the amount (see `extractAmount`); who shares it
 * (see `extractSplit`); who paid and who received (see `findRoles`). A verb
 * that hands money to a member makes a settlement ("paid Bob 20", "Bob paid
 * me back 15"); otherwise it is an expense paid by the sender unless the
 * message names the payer, split among everyone unless it names people. The
 * description is the words left minus filler words (see `describe`), or the
 * category when none is left. Anything ambiguous is `unknown` with a reason.
 *
 * @example
 * ```ts
 * parseMessage("Add $50 for food", {
 *   today: "2026-11-22",
 *   currency: "EUR",
 *   me: "Ana",
 *   members: ["Ana", "Bob", "Chen"],
 * });
 * // {"intent":"expense","total":{"amount":"50.00","currency":"USD"},"description":"food",
 * //  "category":"food","date":"2026-11-22","paidBy":"Ana","splitWith":["Ana","Bob","Chen"]}
 * ```
 */
export function parseMessage(text: string, context: ParseContext): ParseResult {
  const command = readCommand(text);
  if (!("text" in command)) return command;
  const isMemberName = (key: string) => memberNamed(key, context.members) !== undefined;
  // The words of the group's own categories are known words too ("Ski" is no stranger's name).
  const ownWords = new Set(
    (context.categories ?? []).flatMap((c) => tokenize(c.name).map((t) => t.key)),
  );
  const isKnown = (key: string) => isKnownWord(key) || ownWords.has(key);
  const tokens = readFrenchInfinitives(correctTypos(
    expandClippedNames(
      joinBrandNames(
        joinMemberNames(tokenize(command.text), context.members),
        isMemberName,
        isKnown,
      ),
      context.members,
      isKnown,
    ),
    context.members,
    (key) => isKnown(key) || isMemberName(key),
    isBrandName,
  ));
  if (tokens.length === 0) return unknown("empty message");
  const asked = wordIntent(tokens);
  if (asked !== undefined) return { intent: asked };
  const claimed = tokens.map(() => false);

  const date = extractDate(tokens, claimed, context.today, isMemberName);
  if ("reason" in date) return unknown(date.reason);
  const headcount = extractHeadcount(tokens, claimed);
  const amount = extractAmount(tokens, claimed, context.currency, isMemberName);
  if ("reason" in amount) return unknown(amount.reason);
  // "typhoon signal 8 tmr": a day to come is a plan; nobody books what is not spent yet.
  if (namesTomorrow(tokens, claimed)) return unknown("a plan for tomorrow");
  const debt = findDebt(tokens, claimed, context);
  if (debt !== undefined && "reason" in debt) return unknown(debt.reason);
  if (debt?.kind === "settle") {
    return {
      intent: "settlement",
      from: debt.from,
      to: debt.to,
      total: amount.total,
      date: date.date,
    };
  }
  /** The expense, described by the words no extractor claimed (read when called). */
  const expense = (paidBy: string, splitWith: string[]): ParseResult => {
    const words = describe(tokens, claimed);
    const custom = context.categories ?? [];
    const named = categorize(tokens.filter((_, i) => !claimed[i]).map((t) => t.key), custom);
    // "chitenge for Mutinta's mum": what nothing else names, bought for a relative, is a present.
    const category = named === "other" && isForRelative(tokens) ? "gifts" : named;
    const label = custom.find((c) => c.key === category)?.name.toLowerCase() ?? category;
    return {
      intent: "expense",
      total: amount.total,
      description: words === "" ? label : words,
      category,
      date: date.date,
      paidBy,
      splitWith,
    };
  };
  if (debt?.kind === "debt") return expense(debt.creditor, [debt.debtor]);
  // "fiz um pix de 40 pra Inês": a transfer to a person is a settlement, not a shared expense.
  const split = isTransfer(tokens)
    ? { split: undefined }
    : extractSplit(tokens, claimed, context, isKnown);
  if ("reason" in split) return unknown(split.reason);
  const listed = split.split !== undefined && split.split.members.size > 0;
  const roles = findRoles(tokens, claimed, context, isKnown, listed);
  if ("reason" in roles) return unknown(roles.reason);

  const payer = roles.payer ?? context.me;
  if (roles.receivers.length > 0) {
    const receivers = [...new Set(roles.receivers)];
    if (receivers.length > 1) return unknown("two receivers");
    if (split.split !== undefined) return unknown("settlement with a split");
    if (receivers[0] === payer) return unknown("payer and receiver are the same");
    return {
      intent: "settlement",
      from: payer,
      to: receivers[0],
      total: amount.total,
      date: date.date,
    };
  }
  if (roles.stray.length > 0) return unknown(`unclear role of ${roles.stray[0]}`);

  const s = split.split;
  const splitWith = context.members.filter((m) =>
    (s === undefined || s.everyone || s.members.has(m) || (s.withPayer && m === payer)) &&
    !s?.excluded.has(m)
  );
  // "for 3 people": a head count, checked against who shares (everyone unless named).
  if (headcount !== undefined && headcount !== splitWith.length) {
    return unknown(`${headcount} people: name them`);
  }
  return expense(payer, splitWith);
}
