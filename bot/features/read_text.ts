/**
 * What a text says, acted on: parsed in the chat group's context (its
 * members, its currency, the message's day), then an expense or settlement
 * recorded, a balance shown, an entry undone, or a question asked back when
 * a name or a reading is ambiguous; else "not understood".
 *
 * @module
 */
import { parseMessage } from "../parse/parse.ts";
import type { ParseContext } from "../parse/types.ts";
import { ambiguityOf } from "../service/ambiguity.ts";
import { isEveryone, resolveNames } from "../service/members.ts";
import { askWhichMember, askWhichReading } from "./ask.ts";
import type { BotContext } from "./context.ts";
import { currentGroup } from "./current_group.ts";
import { recordSettlement } from "./entries.ts";
import { expenseBody, recordExpense } from "./expenses.ts";
import { balance } from "./settle.ts";
import { undo } from "./undo_edit.ts";

/** The message a text came in: its id and date make the entry's id and "today". */
export interface Origin {
  readonly messageId: number;
  readonly date: number;
}

/**
 * Acts on what `text` says, as message `origin`; `picked` maps names that
 * several active members share to the member id the user chose.
 */
export async function readText(
  ctx: BotContext,
  userId: number,
  text: string,
  origin: Origin,
  picked: Readonly<Record<string, string>> = {},
): Promise<void> {
  const t = await ctx.messages();
  const counted = ctx.metrics;
  const group = await currentGroup(ctx, userId);
  if (!group) return;
  const session = await ctx.kopek.session(userId);
  const members = group.members.filter((x) => x.active);
  const me = members.find((x) => x.userId === session.userId);
  if (!me) {
    await ctx.reply(t.notMember(group.name));
    return;
  }
  const context: ParseContext = {
    today: ctx.settings.dayOf(origin.date),
    currency: group.currency,
    me: me.name,
    members: members.map((x) => x.name),
    categories: await ctx.kopek.categories(userId, group.id, await ctx.chatState.position(userId)),
  };
  const parsed = parseMessage(text, context);
  const asked = { userId, text, ...origin };
  if (parsed.intent === "expense" || parsed.intent === "settlement") {
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
      const { messageId } = origin;
      return await recordExpense(ctx, userId, group, { parsed, body, text, context, messageId });
    }
    return await recordSettlement(ctx, userId, group, {
      fromId: found.idOf(parsed.from),
      toId: found.idOf(parsed.to),
      total: parsed.total,
      date: parsed.date,
    }, origin.messageId);
  }
  switch (parsed.intent) {
    case "balance":
      counted?.parsed("balance");
      return await balance(ctx, userId);
    case "undo":
      counted?.parsed("undo");
      return await undo(ctx, userId);
    case "unknown": {
      const question = ambiguityOf(text, parsed.reason, context);
      counted?.parsed(question ? "asked_back" : "not_understood");
      if (!question) {
        ctx.settings.onNotUnderstood?.(reasonKind(parsed.reason), text.length);
        await ctx.reply(t.notUnderstood(parsed.reason));
        return;
      }
      await askWhichReading(ctx, asked, question);
    }
  }
}

/**
 * A parser's reason without the words it quotes from the message ("unknown
 * name Zed" → "unknown name"): what a log line may carry.
 */
export function reasonKind(reason: string): string {
  return reason.replace(
    /^(unknown name|unknown command|unknown currency|too many decimals for)\b.*$/s,
    "$1",
  )
    .slice(0, 60);
}
