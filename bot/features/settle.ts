/**
 * Balances and settling up: `/balance` (or "balance" in words) shows who
 * owes whom; `/settle` shows the settle-up plan with a button per transfer,
 * and a tap records that transfer, once (its id comes from the plan's
 * message and the transfer's place in it).
 *
 * @module
 */
import { Composer, InlineKeyboard } from "grammy";
import { describeBalances } from "../service/describe.ts";
import type { BotContext } from "./context.ts";
import { currentGroup, nameOf } from "./current_group.ts";
import { recordSettlement } from "./entries.ts";
import { forUser } from "./for_user.ts";

/** `/balance`, `/settle` and the plan's buttons. */
export function settle(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("balance", forUser(balance));
  composer.command("settle", forUser(showPlan));
  composer.callbackQuery(
    /^s:(\w+):(\d+)$/,
    forUser(async (ctx, userId) => {
      await ctx.answerCallbackQuery();
      const question = await ctx.chatState.question(ctx.match[1]);
      const index = Number(ctx.match[2]);
      const transfer = question?.kind === "settle" && question.userId === userId
        ? question.transfers[index]
        : undefined;
      const message = ctx.callbackQuery?.message;
      // A plan stored before member ids were kept has no fromId: asked again.
      if (question?.kind !== "settle" || !transfer?.fromId || !transfer.toId || !message) {
        await ctx.reply((await ctx.messages()).questionGone);
        return;
      }
      const position = await ctx.chatState.position(userId);
      const group = await ctx.kopek.group(userId, question.groupId, position);
      await recordSettlement(
        ctx,
        userId,
        group,
        {
          fromId: transfer.fromId,
          toId: transfer.toId,
          total: transfer.amount,
          date: ctx.settings.dayOf(message.date),
        },
        message.message_id,
        `settle:${index}`,
      );
    }, { retry: true }),
  );
  return composer;
}

/** Shows the balances of the chat's group. */
export async function balance(ctx: BotContext, userId: number): Promise<void> {
  const group = await currentGroup(ctx, userId);
  if (!group) return;
  const balances = await ctx.kopek.balances(
    userId,
    group.id,
    await ctx.chatState.position(userId),
  );
  await ctx.reply(describeBalances(group.name, balances, group.members, await ctx.messages()));
}

/** Shows the settle-up plan, a button per transfer (kept as a question, by member ids). */
async function showPlan(ctx: BotContext, userId: number): Promise<void> {
  const t = await ctx.messages();
  const group = await currentGroup(ctx, userId);
  if (!group) return;
  const balances = await ctx.kopek.balances(
    userId,
    group.id,
    await ctx.chatState.position(userId),
  );
  if (balances.settleUp.length === 0) {
    await ctx.reply(t.settledUp);
    return;
  }
  const transfers = balances.settleUp.map((x) => ({
    fromId: x.from,
    toId: x.to,
    amount: x.amount,
  }));
  const id = await ctx.chatState.ask({ kind: "settle", userId, groupId: group.id, transfers });
  const keyboard = new InlineKeyboard();
  transfers.forEach((x, i) =>
    keyboard.text(
      t.settleButton(
        nameOf(group, x.fromId),
        nameOf(group, x.toId),
        `${x.amount.amount} ${x.amount.currency}`,
      ),
      `s:${id}:${i}`,
    )
      .row()
  );
  await ctx.reply(t.settlePlan(group.name), { reply_markup: keyboard });
}
