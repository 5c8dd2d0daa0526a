/**
 * Each Telegram user's preferences: the language of the replies (`/lang
 * en|es|de|fr|pt`) and whether they are told of what others record
 * (`/mute`, `/unmute`).
 *
 * @module
 */
import { Composer } from "grammy";
import { LANGS, messages } from "../service/messages.ts";
import type { BotContext } from "./context.ts";

/** `/lang`, `/mute` and `/unmute`. */
export function preferences(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("lang", async (ctx) => {
    const lang = String(ctx.match ?? "").trim().toLowerCase();
    if (!(LANGS as readonly string[]).includes(lang)) {
      await ctx.reply((await ctx.messages()).langUsage);
      return;
    }
    await ctx.chatState.setPrefs(ctx.from!.id, { lang });
    await ctx.reply(messages(lang).langSet);
  });
  composer.command("mute", async (ctx) => {
    await ctx.chatState.setPrefs(ctx.from!.id, { muted: true });
    await ctx.reply((await ctx.messages()).muted);
  });
  composer.command("unmute", async (ctx) => {
    await ctx.chatState.setPrefs(ctx.from!.id, { muted: false });
    await ctx.reply((await ctx.messages()).unmuted);
  });
  return composer;
}
