/**
 * What a text says, acted on: parsed in the chat group's context (its
 * members, its currency, the message's day), then an expense or settlement
 * recorded, a balance shown, an entry undone, or a question asked back when
 * a name or a reading is ambiguous; else "not understood".
 *
 * @module
 */
import { parseMessage } from "../parse/parse.ts";
import type { ParseResult } from "../parse/types.ts";
import { ambiguityOf } from "../service/ambiguity.ts";
import { checkEntry } from "../service/entry_check.ts";
import { actOnEntry } from "./act_on_entry.ts";
import { askWhichReading } from "./ask.ts";
import type { BotContext } from "./context.ts";
import { chatContext } from "./chat_context.ts";
import { guessWithModel } from "./model_guess.ts";
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
  const chat = await chatContext(ctx, userId, origin.date);
  if (!chat) return;
  const { context } = chat;
  const asked = { userId, text, ...origin };
  const rules = parseMessage(text, context);
  // The rules' reading passes the same check as the model's (ADR 0068).
  const checked = rules.intent === "expense" || rules.intent === "settlement"
    ? checkEntry(rules, context)
    : undefined;
  const parsed: ParseResult = checked && !checked.ok
    ? { intent: "unknown", reason: checked.problem }
    : rules;
  if (parsed.intent === "expense" || parsed.intent === "settlement") {
    return await actOnEntry(ctx, userId, chat.reader, parsed, context, asked, picked);
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
      if (question) {
        counted?.parsed("asked_back");
        return await askWhichReading(ctx, asked, question);
      }
      if (await guessWithModel(ctx, asked, parsed.reason, context)) return;
      counted?.parsed("not_understood");
      ctx.settings.onNotUnderstood?.(reasonKind(parsed.reason), text.length);
      await ctx.reply(t.notUnderstood(parsed.reason));
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
