/**
 * Acting on an expense or settlement read from a text (by the rules, or by
 * the language model and confirmed): its names mapped to member ids, then
 * recorded under the id of the user's message; a name several active
 * members share becomes a question, a member gone is said so.
 *
 * @module
 */
import type { ParseContext } from "../parse/types.ts";
import type { EntryParse } from "../service/entry_check.ts";
import type { Group, Member } from "../service/kopek_api.ts";
import { isEveryone, resolveNames } from "../service/members.ts";
import { type Asked, askWhichMember } from "./ask.ts";
import type { BotContext } from "./context.ts";
import { recordSettlement } from "./entries.ts";
import { expenseBody, recordExpense } from "./expenses.ts";

/** The chat's group as a text is read in it: its active members and the sender's member. */
export interface Reader {
  readonly group: Group;
  readonly members: readonly Member[];
  readonly me: Member;
}

/**
 * Records the expense or settlement `parsed` (checked already), its names mapped to members: a
 * name several active members share is asked about, a member gone is said so.
 */
export async function actOnEntry(
  ctx: BotContext,
  userId: number,
  { group, members, me }: Reader,
  parsed: EntryParse,
  context: ParseContext,
  asked: Asked,
  picked: Readonly<Record<string, string>> = {},
): Promise<void> {
  const t = await ctx.messages();
  const counted = ctx.metrics;
  const names = parsed.intent === "expense"
    ? [parsed.paidBy, ...(isEveryone(parsed.splitWith, members) ? [] : parsed.splitWith)]
    : [parsed.from, parsed.to];
  const found = resolveNames(members, names, picked);
  if ("missing" in found) {
    counted?.parsed("member_gone");
    await ctx.reply(t.memberGone(found.missing, group.name));
    return;
  }
  if ("ambiguous" in found) {
    counted?.parsed("asked_back");
    await askWhichMember(ctx, asked, found.ambiguous, found.candidates, me, picked);
    return;
  }
  counted?.parsed("recorded");
  if (parsed.intent === "expense") {
    const body = expenseBody(parsed, found.idOf, members);
    const { messageId, text } = asked;
    return await recordExpense(ctx, userId, group, { parsed, body, text, context, messageId });
  }
  return await recordSettlement(ctx, userId, group, {
    fromId: found.idOf(parsed.from),
    toId: found.idOf(parsed.to),
    total: parsed.total,
    date: parsed.date,
  }, asked.messageId);
}
