/**
 * The group a chat records into: the one chosen with `/use`, else the
 * user's only group (asked which when there are several, or none).
 *
 * @module
 */
import type { Group } from "../service/kopek_api.ts";
import type { BotContext } from "./context.ts";

/** The chat's group, or undefined once the user was told to pick one (or create one). */
export async function currentGroup(ctx: BotContext, userId: number): Promise<Group | undefined> {
  const t = await ctx.messages();
  const position = await ctx.chatState.position(userId);
  let groupId = await ctx.chatState.group(ctx.chat!.id);
  if (!groupId) {
    const groups = await ctx.kopek.groups(userId, position);
    if (groups.length === 1) groupId = groups[0].id;
    else {
      await ctx.reply(
        groups.length === 0 ? t.noGroup : t.whichGroup(groups.map((g) => g.name).join(", ")),
      );
      return undefined;
    }
  }
  return await ctx.kopek.group(userId, groupId, position);
}

/** A member's name, or "?" when the group has no such member. */
export function nameOf(group: Group, memberId: string): string {
  return group.members.find((x) => x.id === memberId)?.name ?? "?";
}
