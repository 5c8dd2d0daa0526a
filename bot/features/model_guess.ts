/**
 * The language-model fallback in the conversation (ADR 0068): a text the
 * rules could not read (and could not ask about) goes to the model when one
 * is configured and the text looks like an entry; a reading that passes the
 * rules' check is asked back ("Did you mean …?" with Record it / Cancel),
 * never recorded directly. A tap on Record it records it under the id of the
 * user's message, as the rules' reading would have been (a second tap
 * records nothing more); Cancel drops it. Anything else from the model (its
 * own "unknown", a wrong or malformed answer, an error, a timeout, the budget
 * spent) leaves the rules' "I did not understand" reply.
 *
 * @module
 */
import { InlineKeyboard } from "grammy";
import { worthAsking } from "../fallback/fallback.ts";
import type { ParseContext } from "../parse/types.ts";
import { describeExpense } from "../service/describe.ts";
import { checkEntry } from "../service/entry_check.ts";
import type { PendingQuestion } from "../state/chat_state.ts";
import type { Asked } from "./ask.ts";
import type { BotContext } from "./context.ts";
import { chatContext } from "./chat_context.ts";
import { actOnEntry } from "./act_on_entry.ts";

/** Asks the model about `asked` when it is worth it; true when a question was asked. */
export async function guessWithModel(
  ctx: BotContext,
  asked: Asked,
  reason: string,
  context: ParseContext,
): Promise<boolean> {
  if (!ctx.fallback || !worthAsking(asked.text, reason)) return false;
  const guess = await ctx.fallback.guess(asked.text, context, asked.userId);
  ctx.settings.onModelGuess?.(guess.kind === "entry" ? "entry" : guess.why);
  if (guess.kind !== "entry") return false;
  const t = await ctx.messages();
  const e = guess.entry;
  const what = e.intent === "expense"
    ? describeExpense(e, context.today, context.members.length, t)
    : t.payment(e.from, e.to, `${e.total.amount} ${e.total.currency}`);
  const id = await ctx.chatState.ask({
    kind: "model",
    ...asked,
    entry: e,
    choices: ["confirm", "cancel"],
  });
  ctx.metrics?.parsed("model_asked");
  await ctx.reply(t.modelGuess(what), {
    reply_markup: new InlineKeyboard()
      .text(t.confirmButton, `q:${id}:0`)
      .text(t.cancelButton, `q:${id}:1`),
  });
  return true;
}

/**
 * The answer to a model question: `choice` 0 records the entry (checked again against the
 * group as it is now), 1 cancels.
 */
export async function answerGuess(
  ctx: BotContext,
  userId: number,
  question: Extract<PendingQuestion, { kind: "model" }>,
  choice: number,
): Promise<void> {
  const t = await ctx.messages();
  if (choice !== 0) {
    await ctx.reply(t.cancelled);
    return;
  }
  const chat = await chatContext(ctx, userId, question.date);
  if (!chat) return;
  const { context } = chat;
  const checked = checkEntry(question.entry, context);
  if (!checked.ok) {
    // The group changed since the question (a member left, a category removed).
    await ctx.reply(t.questionGone);
    return;
  }
  const { text, messageId, date } = question;
  await actOnEntry(ctx, userId, chat.reader, checked.entry, context, {
    userId,
    text,
    messageId,
    date,
  });
}
