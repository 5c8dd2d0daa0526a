/**
 * The one check an expense or settlement read from a text passes before the
 * bot acts on it, whoever read it: the rules (`parseMessage`) or the
 * language-model fallback (ADR 0068). A zod schema built for the chat's
 * context: names are members of the group, the amount is positive and
 * canonical for an ISO 4217 currency, the date is a real calendar date, the
 * category a built-in one or one of the group's, and nothing else is there.
 * Pure.
 *
 * @module
 */
import { z } from "zod";
import { CATEGORIES, currencyExponent, InputDate, isCurrency, parseAmount } from "@kopek/domain";
import type { ExpenseParse, ParseContext, SettlementParse } from "../parse/types.ts";

/** What the bot may record from a text. */
export type EntryParse = ExpenseParse | SettlementParse;

/** The longest description kept (the API's limit for an expense's description). */
const MAX_DESCRIPTION = 200;

/** The schema of an entry read in `context`. */
export function entrySchema(context: ParseContext): z.ZodType<EntryParse> {
  const member = z.string().refine((name) => context.members.includes(name), {
    error: "must be a member of the group",
  });
  const money = z.strictObject({
    amount: z.string().max(40),
    currency: z.string().refine(isCurrency, { error: "must be an ISO 4217 currency" }),
  }).refine((m) => canonicalPositive(m.amount, m.currency), {
    error: "must be a positive amount written as the currency writes it",
  });
  const categories = [...CATEGORIES, ...(context.categories ?? []).map((c) => c.key)];
  const expense = z.strictObject({
    intent: z.literal("expense"),
    total: money,
    description: z.string().max(MAX_DESCRIPTION),
    category: z.string().refine((c) => categories.includes(c), {
      error: "must be a category of the group",
    }),
    date: InputDate,
    paidBy: member,
    // Names may repeat: two members may share one (the bot then asks which is meant).
    splitWith: z.array(member).min(1).max(500),
  });
  const settlement = z.strictObject({
    intent: z.literal("settlement"),
    from: member,
    to: member,
    total: money,
    date: InputDate,
  }).refine((s) => s.from !== s.to, { error: "must be between two members" });
  return z.discriminatedUnion("intent", [expense, settlement]) as z.ZodType<EntryParse>;
}

/**
 * `entry` checked against `context`: the entry, or the first problem (a path and a message,
 * never the values: it may be logged).
 */
export function checkEntry(
  entry: unknown,
  context: ParseContext,
): { ok: true; entry: EntryParse } | { ok: false; problem: string } {
  const result = entrySchema(context).safeParse(entry);
  if (result.success) return { ok: true, entry: result.data };
  const issue = result.error.issues[0];
  return { ok: false, problem: `${issue.path.join(".") || "entry"} ${issue.message}` };
}

/** Whether `amount` is above zero and written with exactly the currency's decimals. */
function canonicalPositive(amount: string, currency: string): boolean {
  if (!/^\d+(\.\d+)?$/.test(amount) || !isCurrency(currency)) return false;
  try {
    const minor = parseAmount(amount, currency);
    const exponent = amount.includes(".") ? amount.split(".")[1].length : 0;
    return minor > 0n && exponent === currencyExponent(currency);
  } catch {
    return false;
  }
}
