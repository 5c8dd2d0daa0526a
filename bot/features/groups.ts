/**
 * Which group a chat records into: `/groups` lists the user's groups (the
 * chat's own marked), `/use NAME` picks one for this chat.
 *
 * @module
 */
import { Composer } from "grammy";
import type { BotContext } from "./context.ts";
import { forUser } from "./for_user.ts";

/** `/groups` and `/use`. */
export function groups(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command(
    "groups",
    forUser(async (ctx, userId) => {
      const groups = await ctx.kopek.groups(userId, await ctx.chatState.position(userId));
      const chosen = await ctx.chatState.group(ctx.chat!.id);
      await ctx.reply(
        groups.length === 0
          ? (await ctx.messages()).noGroup
          : groups.map((g) =>
            `${g.id === chosen ? "• " : ""}${g.name} (${g.currency}, ${g.memberCount} members)`
          )
            .join("\n"),
      );
    }),
  );
  composer.command(
    "use",
    forUser(async (ctx, userId) => {
      const t = await ctx.messages();
      const name = String(ctx.match ?? "").trim().toLowerCase();
      const groups = await ctx.kopek.groups(userId, await ctx.chatState.position(userId));
      const found = groups.filter((g) => g.name.toLowerCase() === name);
      if (found.length !== 1) {
        await ctx.reply(t.noSuchGroup(name, groups.map((g) => g.name).join(", ")));
        return;
      }
      await ctx.chatState.setGroup(ctx.chat!.id, found[0].id);
      await ctx.reply(t.chatUses(found[0].name));
    }),
  );
  return composer;
}
