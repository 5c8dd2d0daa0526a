/**
 * What the bot records for a user: keeping each entry for undo and edit
 * (best effort, after Kopek accepted it), its Undo/Edit buttons, and a
 * settlement between two member ids (from text or from the settle-up plan).
 *
 * @module
 */
import { InlineKeyboard } from "grammy";
import type { Group, Money } from "../service/kopek_api.ts";
import type { Messages } from "../service/messages.ts";
import type { RecordedEntry } from "../state/chat_state.ts";
import type { BotContext } from "./context.ts";
import { nameOf } from "./current_group.ts";

/**
 * A state update after Kopek accepted a write: its failure (Valkey down) is
 * logged and costs only undo/edit of that entry, never the reply that
 * tells the truth about the write.
 */
export async function quietly(ctx: BotContext, update: () => Promise<void>): Promise<void> {
  try {
    await update();
  } catch (error) {
    ctx.settings.onError(error, "saving the chat state");
  }
}

/** Keeps what was recorded (see {@linkcode quietly}). */
export async function remember(
  ctx: BotContext,
  userId: number,
  entry: RecordedEntry,
  position: number,
): Promise<void> {
  await quietly(ctx, async () => {
    await ctx.chatState.setPosition(userId, position);
    await ctx.chatState.pushRecorded(ctx.chat!.id, userId, entry);
  });
}

/** The buttons under a recorded entry: Undo, and Edit for an expense. */
export function entryButtons(t: Messages, entry: RecordedEntry): InlineKeyboard {
  const keyboard = new InlineKeyboard().text(t.undoButton, `u:${entry.id}`);
  return entry.kind === "expense" ? keyboard.text(t.editButton, `e:${entry.id}`) : keyboard;
}

/** A settlement to record, between member ids. */
export interface SettlementToRecord {
  readonly fromId: string;
  readonly toId: string;
  readonly total: Money;
  readonly date: string;
}

/**
 * Records `s` under the id of message `messageId` and `purpose` (the same
 * message and purpose never record twice), answers with its buttons and
 * tells the two members; a member no longer active is said so instead.
 */
export async function recordSettlement(
  ctx: BotContext,
  userId: number,
  group: Group,
  s: SettlementToRecord,
  messageId: number,
  purpose = "settlement",
): Promise<void> {
  const t = await ctx.messages();
  const chatId = ctx.chat!.id;
  const active = (memberId: string) => group.members.find((x) => x.id === memberId && x.active);
  const from = active(s.fromId);
  const to = active(s.toId);
  if (!from || !to) {
    const gone = nameOf(group, !from ? s.fromId : s.toId);
    await ctx.reply(t.memberGone(gone, group.name));
    return;
  }
  const id = ctx.settings.idOfMessage(ctx.me.id, chatId, messageId, purpose);
  const result = await ctx.kopek.recordSettlement(userId, group.id, {
    from: from.id,
    to: to.id,
    amount: s.total,
    date: s.date,
  }, id);
  const entry: RecordedEntry = {
    kind: "settlement",
    groupId: group.id,
    id,
    version: result.version,
  };
  await remember(ctx, userId, entry, result.position);
  const amount = `${s.total.amount} ${s.total.currency}`;
  await ctx.reply(t.settlementRecorded(from.name, to.name, amount), {
    reply_markup: entryButtons(t, entry),
  });
  ctx.notices.push({
    userId,
    group,
    memberIds: [from.id, to.id],
    what: (r) => r.payment(from.name, to.name, amount),
  });
}
