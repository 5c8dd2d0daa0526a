/**
 * Answers to the questions asked back (see `ask.ts`): a tap on `q:<id>:<n>`
 * reads the asked message again with the choice (a reading, or a member for
 * a shared name). The entry's id still comes from the user's message, so
 * tapping twice records once; a question expired or someone else's is said
 * to be gone.
 *
 * @module
 */
import { Composer } from "grammy";
import type { BotContext } from "./context.ts";
import { forUser } from "./for_user.ts";
import { answerGuess } from "./model_guess.ts";
import { readText } from "./read_text.ts";

/** The buttons of the questions asked back. */
export function questions(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(
    /^q:(\w+):(\d+)$/,
    forUser(async (ctx, userId) => {
      await ctx.answerCallbackQuery();
      const question = await ctx.chatState.question(ctx.match[1]);
      if (question?.kind === "model" && question.userId === userId && Number(ctx.match[2]) < 2) {
        return await answerGuess(ctx, userId, question, Number(ctx.match[2]));
      }
      const asked = (question?.kind === "text" || question?.kind === "member") &&
          question.userId === userId
        ? question
        : undefined;
      const choice = asked?.choices[Number(ctx.match[2])];
      if (!asked || choice === undefined) {
        await ctx.reply((await ctx.messages()).questionGone);
        return;
      }
      const origin = { messageId: asked.messageId, date: asked.date };
      if (asked.kind === "text") await readText(ctx, userId, choice, origin);
      else {
        const picked = { ...asked.picked, [asked.name]: choice };
        await readText(ctx, userId, asked.text, origin, picked);
      }
    }, { retry: true }),
  );
  return composer;
}
