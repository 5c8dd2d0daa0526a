/**
 * Linking a Telegram user to a Kopek account: `/start CODE` redeems a code
 * from the app; `/start` alone and `/help` say how to use the bot.
 *
 * @module
 */
import { Composer } from "grammy";
import { KopekApiError } from "../service/kopek_api.ts";
import type { BotContext } from "./context.ts";
import { quietly } from "./entries.ts";

/** `/start [CODE]` and `/help`. */
export function linking(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("start", async (ctx) => {
    const t = await ctx.messages();
    const code = ctx.match.trim();
    const userId = ctx.from?.id;
    if (!code || userId === undefined) {
      await ctx.reply(`${t.hello}\n\n${t.help}`);
      return;
    }
    try {
      const user = await ctx.kopek.link(code, userId);
      // Reads wait for the link, so they see what the user did in the app before it
      // (best effort, see quietly(): the link is made whatever the state store says).
      await quietly(ctx, () => ctx.chatState.setPosition(userId, user.position));
      await ctx.reply(`${t.linked(user.displayName)}\n\n${t.help}`);
    } catch (error) {
      if (!(error instanceof KopekApiError)) throw error;
      const why: Record<number, string> = {
        404: t.codeUnknown,
        409: t.codeUsed,
        410: t.codeExpired,
      };
      await ctx.reply(why[error.status] ?? t.linkFailed);
    }
  });
  composer.command("help", async (ctx) => void await ctx.reply((await ctx.messages()).help));
  return composer;
}
