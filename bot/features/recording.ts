/**
 * Recording from what users say: `/add TEXT`, and any text that is not a
 * command (a command the bot does not know is answered with the help).
 * Kopek down is retried: the entry's id comes from the message, so a retry
 * or a redelivered update records once. Installed last: it takes every text
 * the other features left.
 *
 * @module
 */
import { Composer } from "grammy";
import type { BotContext } from "./context.ts";
import { forUser } from "./for_user.ts";
import { readText } from "./read_text.ts";

/** `/add` and plain texts. */
export function recording(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command(
    "add",
    forUser((ctx, userId) =>
      readText(ctx, userId, String(ctx.match ?? ""), {
        messageId: ctx.msg.message_id,
        date: ctx.msg.date,
      }), { retry: true }),
  );
  composer.on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) {
      const t = await ctx.messages();
      await ctx.reply(`${t.unknownCommand}\n\n${t.help}`);
      return;
    }
    await forUser((c, userId) =>
      readText(c, userId, ctx.message.text, {
        messageId: ctx.message.message_id,
        date: ctx.message.date,
      }), { retry: true })(ctx);
    await next();
  });
  return composer;
}
