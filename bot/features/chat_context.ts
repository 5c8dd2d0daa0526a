/**
 * The chat's group as a text is read in it: the group, its active members,
 * the sender's member and the parser's context (the message's day, the
 * group's currency, the names, the group's categories). Used to read a text
 * and to confirm the language model's reading of one.
 *
 * @module
 */
import type { ParseContext } from "../parse/types.ts";
import type { Reader } from "./act_on_entry.ts";
import type { BotContext } from "./context.ts";
import { currentGroup } from "./current_group.ts";

/**
 * The reader and context for a message of `date` (unix seconds), or undefined when there is no
 * group (asked already) or the sender is not an active member of it (said).
 */
export async function chatContext(
  ctx: BotContext,
  userId: number,
  date: number,
): Promise<{ reader: Reader; context: ParseContext } | undefined> {
  const group = await currentGroup(ctx, userId);
  if (!group) return undefined;
  const session = await ctx.kopek.session(userId);
  const members = group.members.filter((x) => x.active);
  const me = members.find((x) => x.userId === session.userId);
  if (!me) {
    await ctx.reply((await ctx.messages()).notMember(group.name));
    return undefined;
  }
  const context: ParseContext = {
    today: ctx.settings.dayOf(date),
    currency: group.currency,
    me: me.name,
    members: members.map((x) => x.name),
    categories: await ctx.kopek.categories(userId, group.id, await ctx.chatState.position(userId)),
  };
  return { reader: { group, members, me }, context };
}
