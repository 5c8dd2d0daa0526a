/**
 * Undo and edit of what the bot recorded in this chat: `/undo` (or "undo"
 * in words) voids the newest entry, the Undo button a given one; the Edit
 * button makes the user's next message replace that expense
 * ({@linkcode amendEditing}). A conflict (changed or gone since) is said, not
 * forced.
 *
 * @module
 */
import { Composer } from "grammy";
import { type Group, KopekApiError, type NewExpense } from "../service/kopek_api.ts";
import type { BotContext } from "./context.ts";
import { entryButtons, quietly, remember } from "./entries.ts";
import { forUser } from "./for_user.ts";

/** `/undo`, and the Undo and Edit buttons. */
export function undoEdit(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("undo", forUser((ctx, userId) => undo(ctx, userId)));
  composer.callbackQuery(
    /^u:(.+)$/,
    forUser(async (ctx, userId) => {
      await ctx.answerCallbackQuery();
      await undo(ctx, userId, ctx.match[1]);
    }),
  );
  composer.callbackQuery(
    /^e:(.+)$/,
    forUser(async (ctx, userId) => {
      await ctx.answerCallbackQuery();
      const t = await ctx.messages();
      const entry = (await ctx.chatState.recorded(ctx.chat!.id, userId)).find((e) =>
        e.id === ctx.match[1]
      );
      if (!entry) {
        await ctx.reply(t.changedSince);
        return;
      }
      await ctx.chatState.setEditing(ctx.chat!.id, userId, entry);
      await ctx.reply(t.editPrompt);
    }),
  );
  return composer;
}

/** Voids `entryId` (the newest when absent) of the user's entries in this chat. */
export async function undo(ctx: BotContext, userId: number, entryId?: string): Promise<void> {
  const t = await ctx.messages();
  const chatId = ctx.chat!.id;
  const stack = await ctx.chatState.recorded(chatId, userId);
  const entry = entryId ? stack.find((e) => e.id === entryId) : stack.at(-1);
  if (!entry) {
    await ctx.reply(t.nothingToUndo);
    return;
  }
  try {
    const result = entry.kind === "expense"
      ? await ctx.kopek.voidExpense(userId, entry.groupId, entry.id, entry.version)
      : await ctx.kopek.voidSettlement(userId, entry.groupId, entry.id, entry.version);
    await quietly(ctx, () => ctx.chatState.setPosition(userId, result.position));
    await ctx.reply(t.undone);
  } catch (error) {
    if (!isConflict(error)) throw error;
    await ctx.reply(t.changedSince);
  }
  await quietly(ctx, () => ctx.chatState.dropRecorded(chatId, userId, entry.id));
}

/**
 * When the user tapped Edit under an expense of `group`: amends it to `body`
 * and answers `amended(...)` with its buttons (or says it changed since);
 * true once handled. False when no edit of this group is pending.
 */
export async function amendEditing(
  ctx: BotContext,
  userId: number,
  group: Group,
  body: NewExpense,
  amended: string,
): Promise<boolean> {
  const t = await ctx.messages();
  const chatId = ctx.chat!.id;
  const editing = await ctx.chatState.editing(chatId, userId);
  if (!editing || editing.kind !== "expense" || editing.groupId !== group.id) return false;
  const result = await ctx.kopek.amendExpense(userId, group.id, editing.id, editing.version, body)
    .catch((error) => {
      if (isConflict(error)) return null;
      throw error;
    });
  await quietly(ctx, () => ctx.chatState.setEditing(chatId, userId, undefined));
  if (result === null) {
    await ctx.reply(t.changedSince);
    return true;
  }
  const entry = { ...editing, version: result.version };
  await remember(ctx, userId, entry, result.position);
  await ctx.reply(t.amended(amended), { reply_markup: entryButtons(t, entry) });
  return true;
}

/** Kopek's "changed since" (412) or "gone" (404). */
function isConflict(error: unknown): boolean {
  return error instanceof KopekApiError && (error.status === 412 || error.status === 404);
}
