/**
 * The frame of every handler that acts for a Telegram user: Kopek's
 * refusals answered in words, and (for writes with derived ids) Kopek down
 * or failing retried with bounded backoff.
 *
 * @module
 */
import { GrammyError, HttpError } from "grammy";
import { KopekApiError } from "../service/kopek_api.ts";
import { isTransient, withRetry } from "../service/retry.ts";
import type { BotContext } from "./context.ts";

/**
 * Runs `handler` for the sender. With `retry`, a handler that failed because
 * Kopek is down or failing runs again with bounded backoff (the user is told
 * once, and told "not saved" if it never worked): only for handlers whose
 * writes carry derived ids.
 */
export function forUser<C extends BotContext>(
  handler: (ctx: C, userId: number) => Promise<void>,
  options: { retry?: boolean } = {},
): (ctx: C) => Promise<void> {
  return async (ctx) => {
    const userId = ctx.from?.id;
    if (userId === undefined || !ctx.chat) return;
    const t = await ctx.messages();
    try {
      await withRetry(() => handler(ctx, userId), {
        delaysMs: options.retry ? ctx.settings.retryDelaysMs : [],
        onFirstFailure: () => ctx.reply(t.unreachableRetrying).then(() => {}, () => {}),
      });
    } catch (error) {
      if (!(error instanceof KopekApiError) && !isTransient(error)) {
        // A bug or the state store down: nothing was confirmed (each confirmation is the
        // last step after its write). Telegram's own failures are not answered in Telegram.
        if (!(error instanceof GrammyError) && !(error instanceof HttpError)) {
          await ctx.reply(t.refused).catch(() => {});
        }
        throw error;
      }
      await ctx.reply(
        error instanceof KopekApiError && error.status === 404 &&
          error.code === "telegram.not_linked"
          ? t.linkFirst
          : isTransient(error) && options.retry
          ? t.notSaved
          : t.refused,
      );
    }
  };
}
