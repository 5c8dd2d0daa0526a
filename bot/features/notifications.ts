/**
 * Notifications: after an update recorded something, the other linked,
 * unmuted members it involves are told, each in their own language. The
 * features only leave a `Notice` on the context; this composer,
 * outermost, delivers them once the update's handlers are done (so a retried
 * write notifies once, and a failed one not at all). A failure to notify is
 * only reported: the author's write stands.
 *
 * @module
 */
import { Composer } from "grammy";
import { messages } from "../service/messages.ts";
import type { BotContext, Notice } from "./context.ts";

/** Delivers the notices the inner features left on the context. */
export function notifications(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async function deliverNotices(ctx, next) {
    await next();
    for (const notice of ctx.notices.splice(0)) await notify(ctx, notice);
  });
  return composer;
}

/** Tells the other linked, unmuted members involved; failures are only reported. */
async function notify(ctx: BotContext, { userId, group, memberIds, what }: Notice) {
  const report = ctx.settings.onError;
  try {
    const session = await ctx.kopek.session(userId);
    const author = group.members.find((x) => x.userId === session.userId)?.name ?? "?";
    const userIds = [
      ...new Set(
        group.members.filter((x) => x.active && memberIds.includes(x.id) && x.userId)
          .map((x) => x.userId!),
      ),
    ].filter((id) => id !== session.userId);
    if (userIds.length === 0) return;
    for (const chat of await ctx.kopek.chats(userId, group.id, userIds)) {
      const prefs = await ctx.chatState.prefs(chat.telegramUserId);
      if (prefs.muted) continue;
      const r = messages(prefs.lang);
      await ctx.api.sendMessage(chat.telegramUserId, r.notified(author, group.name, what(r)))
        .catch((error) => report(error, "notifying a member"));
    }
  } catch (error) {
    report(error, "notifying members");
  }
}
