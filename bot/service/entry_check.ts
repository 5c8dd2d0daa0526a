/**
 * The one check an expense or settlement read from a text passes before the
 * bot acts on it, whoever read it: the rules (`parseMessage`) or the
 * language-model fallback (ADR 0068). A zod schema of the entry's shape, then
 * the chat's context: names are members of the group, the amount is positive and
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

const Money = z.strictObject({
  amount: z.string().max(40),
  currency: z.string().refine(isCurrency, { error: "must be an ISO 4217 currency" }),
}).refine((m) => canonicalPositive(m.amount, m.currency), {
  error: "must be a positive amount written as the currency writes it",
});

/**
 * The shape of an entry, built once (a schema per message would cost more than the parse):
 * what depends on the chat (members, the group's categories) is checked after it.
 */
const EntryShape = z.discriminatedUnion("intent", [
  z.strictObject({
    intent: z.literal("expense"),
    total: Money,
    description: z.string().max(MAX_DESCRIPTION),
    category: z.string(),
    date: InputDate,
    paidBy: z.string(),
    // Names may repeat: two members may share one (the bot then asks which is meant).
    splitWith: z.array(z.string()).min(1).max(500),
  }),
  z.strictObject({
    intent: z.literal("settlement"),
    from: z.string(),
    to: z.string(),
    total: Money,
    date: InputDate,
  }).refine((s) => s.from !== s.to, { error: "must be between two members" }),
]);

/**
 * `entry` checked against `context`: the entry, or the first problem (a path and a message,
 * never the values: it may be logged).
 */
export function checkEntry(
  entry: unknown,
  context: ParseContext,
): { ok: true; entry: EntryParse } | { ok: false; problem: string } {
  const result = EntryShape.safeParse(entry);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, problem: `${issue.path.join(".") || "entry"} ${issue.message}` };
  }
  const e = result.data as EntryParse;
  const stranger = (path: string) => ({
    ok: false as const,
    problem: `${path} must be a member of the group`,
  });
  if (e.intent === "settlement") {
    if (!context.members.includes(e.from)) return stranger("from");
    if (!context.members.includes(e.to)) return stranger("to");
    return { ok: true, entry: e };
  }
  if (!context.members.includes(e.paidBy)) return stranger("paidBy");
  const i = e.splitWith.findIndex((name) => !context.members.includes(name));
  if (i >= 0) return stranger(`splitWith.${i}`);
  const custom = context.categories ?? [];
  if (
    !(CATEGORIES as readonly string[]).includes(e.category) &&
    !custom.some((c) => c.key === e.category)
  ) {
    return { ok: false, problem: "category must be a category of the group" };
  }
  return { ok: true, entry: e };
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
