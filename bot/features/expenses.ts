/**
 * Recording an expense the parser read: its names mapped to member ids, a
 * new expense under the id of the user's message (or the expense being
 * edited, amended), answered with its buttons, the members it involves told.
 *
 * @module
 */
import type { ExpenseParse, ParseContext } from "../parse/types.ts";
import { defaultsApplied, describeExpense, describeRecorded } from "../service/describe.ts";
import type { Group, Member, NewExpense } from "../service/kopek_api.ts";
import { isEveryone } from "../service/members.ts";
import type { RecordedEntry } from "../state/chat_state.ts";
import type { BotContext } from "./context.ts";
import { entryButtons, remember } from "./entries.ts";
import { amendEditing } from "./undo_edit.ts";

/** The expense to record, its names mapped to member ids (everyone: every active member). */
export function expenseBody(
  e: ExpenseParse,
  idOf: (name: string) => string,
  members: readonly Member[],
): NewExpense {
  const shares = isEveryone(e.splitWith, members)
    ? members.map((x) => x.id)
    : [...new Set(e.splitWith.map(idOf))];
  return {
    description: e.description || e.category,
    total: e.total,
    date: e.date,
    category: e.category,
    paidBy: [{ memberId: idOf(e.paidBy), amount: e.total.amount }],
    split: { mode: "equal", shares: shares.map((memberId) => ({ memberId })) },
  };
}

/** What `recordExpense` records: the parse, its body, and the message it came from. */
export interface ExpenseToRecord {
  readonly parsed: ExpenseParse;
  readonly body: NewExpense;
  readonly text: string;
  readonly context: ParseContext;
  readonly messageId: number;
}

/** Records (or, while editing, amends) an expense and answers what was recorded. */
export async function recordExpense(
  ctx: BotContext,
  userId: number,
  group: Group,
  { parsed: e, body, text, context, messageId }: ExpenseToRecord,
): Promise<void> {
  const t = await ctx.messages();
  const count = group.members.filter((x) => x.active).length;
  if (await amendEditing(ctx, userId, group, body, describeExpense(e, context.today, count, t))) {
    return;
  }
  const id = ctx.settings.idOfMessage(ctx.me.id, ctx.chat!.id, messageId, "expense");
  const result = await ctx.kopek.recordExpense(userId, group.id, body, id);
  const entry: RecordedEntry = {
    kind: "expense",
    groupId: group.id,
    id,
    version: result.version,
    at: ctx.settings.now().getTime(),
    about: { ...e.total, description: body.description ?? "" },
  };
  await remember(ctx, userId, entry, result.position);
  await ctx.reply(
    describeRecorded(e, context.today, count, defaultsApplied(text, context, e), t),
    { reply_markup: entryButtons(t, entry) },
  );
  ctx.notices.push({
    userId,
    group,
    memberIds: [body.paidBy[0].memberId, ...(body.split?.shares ?? []).map((x) => x.memberId)],
    what: (r) => describeExpense(e, context.today, count, r),
  });
}
