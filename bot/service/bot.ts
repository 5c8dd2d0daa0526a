/**
 * The Telegram bot: grammY handlers that link a Telegram user to a Kopek
 * account, pick a group per chat, record expenses and settlements said in
 * words (with Undo/Edit buttons, and a question with buttons instead of a
 * guess when a message is ambiguous), show balances and the settle-up plan,
 * and notify the other members an expense involves. It talks only to
 * Kopek's public API ({@linkcode KopekApi}), as the linked user.
 *
 * Durability: the conversation state lives in a {@linkcode BotStore} (Valkey
 * survives restarts); an entry's id is derived from the Telegram message, so
 * a redelivered update or a retry never records twice; while Kopek is down
 * the bot retries with bounded backoff and never says "recorded" before
 * Kopek answered; Telegram's 429/5xx/network failures are retried by
 * `@grammyjs/auto-retry`; a failing handler is caught by `bot.catch`.
 *
 * @module
 */
import { Bot, type BotError, type Context, GrammyError, HttpError, InlineKeyboard } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { inSpan, SpanKind, tracingEnabled } from "@kopek/platform";
import { parseMessage } from "../parse/parse.ts";
import type { Registry } from "prom-client";
import { botMetrics } from "./metrics.ts";
import type { ExpenseParse, ParseContext } from "../parse/types.ts";
import { ChatState, type RecordedEntry } from "../state/chat_state.ts";
import { type BotStore, createMemoryStore } from "../state/store.ts";
import { ambiguityOf } from "./ambiguity.ts";
import { isEveryone, resolveNames } from "./members.ts";
import {
  defaultsApplied,
  describeBalances,
  describeExpense,
  describeRecorded,
} from "./describe.ts";
import {
  type Group,
  type KopekApi,
  KopekApiError,
  type Member,
  type NewExpense,
} from "./kopek_api.ts";
import { type Lang, langOf, LANGS, type Messages, messages } from "./messages.ts";
import { isTransient, withRetry } from "./retry.ts";
import { messageIds } from "./update_ids.ts";

/** How to build the bot. */
export interface BotOptions {
  /** The bot token from BotFather. */
  readonly token: string;
  /** The Telegram Bot API root (default `https://api.telegram.org`); tests point it at a stand-in. */
  readonly apiRoot?: string;
  /** Kopek's API. */
  readonly kopek: KopekApi;
  /**
   * The secret in the ids of the entries the bot records (the bot's service
   * key, `KOPEK_BOT_API_KEY`): the same message always gives the same id, and
   * no one without the secret can compute it beforehand.
   */
  readonly idSecret: string;
  /** The clock (the fallback "today" when an update carries no date). */
  readonly now: () => Date;
  /** The conversation state; in memory when absent. */
  readonly store?: BotStore;
  /** Pauses between retries of a Kopek write (default 1, 2, 4, 8 s: about 15 s in all). */
  readonly retryDelaysMs?: readonly number[];
  /** How long a Telegram call may take (default 30 s). */
  readonly telegramTimeoutSeconds?: number;
  /** Receives handler errors (bot.catch) and failed notifications; the bot keeps going. */
  readonly onError?: (error: unknown, where: string) => void;
  /** The process's Prometheus registry: updates, parse outcomes and errors are counted on it. */
  readonly metrics?: Registry;
  /**
   * Told of each text not understood: the kind of the parser's reason ({@linkcode reasonKind})
   * and the text's length, never the text.
   */
  readonly onNotUnderstood?: (reason: string, textLength: number) => void;
}

/** The help text of `/help`, in English. */
export const HELP = messages("en").help;

/** Builds the bot; call `bot.init()` (getMe) before `handleUpdate`, or `bot.start()` to poll. */
export function createBot(options: BotOptions): Bot {
  const { kopek, now } = options;
  const counted = options.metrics ? botMetrics(options.metrics) : null;
  const onError = (error: unknown, where: string) => {
    counted?.error(error);
    options.onError?.(error, where);
  };
  const state = new ChatState(options.store ?? createMemoryStore());
  const idOfMessage = messageIds(options.idSecret);
  const delaysMs = options.retryDelaysMs ?? [1000, 2000, 4000, 8000];
  const bot = new Bot(options.token, {
    client: {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      timeoutSeconds: options.telegramTimeoutSeconds ?? 30,
    },
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  const report = (error: BotError) => onError(error.error, `update ${error.ctx.update.update_id}`);
  bot.catch(report);
  if (counted) {
    bot.use((ctx, next) => {
      counted.update(Object.keys(ctx.update).find((k) => k !== "update_id") ?? "other");
      return next();
    });
  }
  // Every handler runs under this boundary: an error is reported and the update counts as
  // handled, in polling, webhook (no 500 for Telegram to redeliver forever) and tests alike.
  // Traced (ADR 0037): each update in its span; Deno's fetch carries its context to the
  // Kopek API (a `traceparent` header). Tracing off: nothing is added.
  if (tracingEnabled) {
    bot.use((ctx, next) =>
      inSpan("telegram update", {
        kind: SpanKind.CONSUMER,
        attributes: { "kopek.telegram.update": updateKind(ctx.update) },
      }, () => next())
    );
  }
  const handlers = bot.errorBoundary(report);

  const dayOf = (unixSeconds: number | undefined) =>
    (unixSeconds ? new Date(unixSeconds * 1000) : now()).toISOString().slice(0, 10);

  async function langFor(userId: number, code?: string): Promise<Lang> {
    // The store down is no reason to stay silent: Telegram's language then.
    const prefs = await state.prefs(userId).catch(() => ({ lang: undefined }));
    return prefs.lang ? langOf(prefs.lang) : langOf(code);
  }
  async function m(ctx: Context): Promise<Messages> {
    return messages(await langFor(ctx.from!.id, ctx.from?.language_code));
  }

  /** The chat's group: the one chosen with /use, else the user's only group. */
  async function currentGroup(ctx: Context, userId: number): Promise<Group | undefined> {
    const t = await m(ctx);
    const position = await state.position(userId);
    let groupId = await state.group(ctx.chat!.id);
    if (!groupId) {
      const groups = await kopek.groups(userId, position);
      if (groups.length === 1) groupId = groups[0].id;
      else {
        await ctx.reply(
          groups.length === 0 ? t.noGroup : t.whichGroup(groups.map((g) => g.name).join(", ")),
        );
        return undefined;
      }
    }
    return await kopek.group(userId, groupId, position);
  }

  /**
   * Records what `text` says, as message `messageId` of `date` (its id and
   * "today"); `picked` maps names that several active members share to the
   * member id the user chose.
   */
  async function recordText(
    ctx: Context,
    userId: number,
    text: string,
    origin: { messageId: number; date: number },
    picked: Readonly<Record<string, string>> = {},
  ) {
    const t = await m(ctx);
    const group = await currentGroup(ctx, userId);
    if (!group) return;
    const session = await kopek.session(userId);
    const members = group.members.filter((x) => x.active);
    const me = members.find((x) => x.userId === session.userId);
    if (!me) {
      await ctx.reply(t.notMember(group.name));
      return;
    }
    const context: ParseContext = {
      today: dayOf(origin.date),
      currency: group.currency,
      me: me.name,
      members: members.map((x) => x.name),
    };
    const parsed = parseMessage(text, context);
    if (parsed.intent === "expense" || parsed.intent === "settlement") {
      const names = parsed.intent === "expense"
        ? [parsed.paidBy, ...(isEveryone(parsed.splitWith, members) ? [] : parsed.splitWith)]
        : [parsed.from, parsed.to];
      const found = resolveNames(members, names, picked);
      if ("missing" in found) {
        counted?.parsed("member_gone");
        await ctx.reply(t.memberGone(found.missing, group.name));
        return;
      }
      if ("ambiguous" in found) {
        counted?.parsed("asked_back");
        const id = await state.ask({
          kind: "member",
          userId,
          text,
          messageId: origin.messageId,
          date: origin.date,
          name: found.ambiguous,
          picked,
          choices: found.candidates.map((x) => x.id),
        });
        const keyboard = new InlineKeyboard();
        found.candidates.forEach((x, i) =>
          keyboard.text(t.memberChoice(x.name, i + 1, x.id === me.id), `q:${id}:${i}`).row()
        );
        await ctx.reply(t.whichMember(found.ambiguous), { reply_markup: keyboard });
        return;
      }
      counted?.parsed("recorded");
      if (parsed.intent === "expense") {
        const body = expenseBody(parsed, found.idOf, members);
        return await recordExpense(
          ctx,
          userId,
          group,
          parsed,
          body,
          text,
          context,
          origin.messageId,
        );
      }
      return await recordSettlement(ctx, userId, group, {
        fromId: found.idOf(parsed.from),
        toId: found.idOf(parsed.to),
        total: parsed.total,
        date: parsed.date,
      }, origin.messageId);
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
        counted?.parsed(question ? "asked_back" : "not_understood");
        if (!question) {
          options.onNotUnderstood?.(reasonKind(parsed.reason), text.length);
          await ctx.reply(t.notUnderstood(parsed.reason));
          return;
        }
        const id = await state.ask({
          kind: "text",
          userId,
          text,
          messageId: origin.messageId,
          date: origin.date,
          choices: question.choices.map((c) => c.text),
        });
        const keyboard = new InlineKeyboard();
        const about = question.about;
        const roles = { paid: t.rolePaid, shares: t.roleShares, for: t.roleFor };
        question.choices.forEach((c, i) => {
          const label = about.kind === "name" && c.label === ""
            ? t.dropName(about.name)
            : about.kind === "role"
            ? roles[c.label as keyof typeof roles](about.name)
            : c.label;
          keyboard.text(label, `q:${id}:${i}`).row();
        });
        await ctx.reply(
          about.kind === "amount"
            ? t.whichAmount
            : about.kind === "name"
            ? t.whoIs(about.name)
            : t.whatRole(about.name),
          { reply_markup: keyboard },
        );
      }
    }
  }

  /** The expense to record, its names mapped to member ids (everyone: every active member). */
  function expenseBody(
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

  function entryButtons(t: Messages, entry: RecordedEntry) {
    const keyboard = new InlineKeyboard().text(t.undoButton, `u:${entry.id}`);
    return entry.kind === "expense" ? keyboard.text(t.editButton, `e:${entry.id}`) : keyboard;
  }

  async function recordExpense(
    ctx: Context,
    userId: number,
    group: Group,
    e: ExpenseParse,
    body: NewExpense,
    text: string,
    context: ParseContext,
    messageId: number,
  ) {
    const t = await m(ctx);
    const chatId = ctx.chat!.id;
    const editing = await state.editing(chatId, userId);
    if (editing && editing.kind === "expense" && editing.groupId === group.id) {
      const result = await kopek.amendExpense(userId, group.id, editing.id, editing.version, body)
        .catch((error) => {
          if (error instanceof KopekApiError && (error.status === 412 || error.status === 404)) {
            return null;
          }
          throw error;
        });
      await quietly(() => state.setEditing(chatId, userId, undefined));
      if (result === null) {
        await ctx.reply(t.changedSince);
        return;
      }
      const entry = { ...editing, version: result.version };
      await remember(userId, chatId, entry, result.position);
      const count = group.members.filter((x) => x.active).length;
      await ctx.reply(t.amended(describeExpense(e, context.today, count, t)), {
        reply_markup: entryButtons(t, entry),
      });
      return;
    }
    const id = idOfMessage(bot.botInfo.id, chatId, messageId, "expense");
    const result = await kopek.recordExpense(userId, group.id, body, id);
    const entry: RecordedEntry = {
      kind: "expense",
      groupId: group.id,
      id,
      version: result.version,
    };
    await remember(userId, chatId, entry, result.position);
    const count = group.members.filter((x) => x.active).length;
    await ctx.reply(
      describeRecorded(e, context.today, count, defaultsApplied(text, context, e), t),
      { reply_markup: entryButtons(t, entry) },
    );
    const involved = [body.paidBy[0].memberId, ...body.split.shares.map((x) => x.memberId)];
    await notify(ctx, userId, group, involved, (r) => describeExpense(e, context.today, count, r));
  }

  async function recordSettlement(
    ctx: Context,
    userId: number,
    group: Group,
    s: {
      fromId: string;
      toId: string;
      total: { amount: string; currency: string };
      date: string;
    },
    messageId: number,
    purpose = "settlement",
  ) {
    const t = await m(ctx);
    const chatId = ctx.chat!.id;
    const active = (memberId: string) => group.members.find((x) => x.id === memberId && x.active);
    const from = active(s.fromId);
    const to = active(s.toId);
    if (!from || !to) {
      const gone = nameOf(group, !from ? s.fromId : s.toId);
      await ctx.reply(t.memberGone(gone, group.name));
      return;
    }
    const id = idOfMessage(bot.botInfo.id, chatId, messageId, purpose);
    const result = await kopek.recordSettlement(userId, group.id, {
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
    await remember(userId, chatId, entry, result.position);
    const amount = `${s.total.amount} ${s.total.currency}`;
    await ctx.reply(t.settlementRecorded(from.name, to.name, amount), {
      reply_markup: entryButtons(t, entry),
    });
    await notify(
      ctx,
      userId,
      group,
      [from.id, to.id],
      (r) => r.settlementRecorded(from.name, to.name, amount),
    );
  }

  /**
   * A state update after Kopek accepted a write: its failure (Valkey down) is
   * logged and costs only undo/edit of that entry, never the reply that
   * tells the truth about the write.
   */
  async function quietly(update: () => Promise<void>) {
    try {
      await update();
    } catch (error) {
      onError(error, "saving the chat state");
    }
  }

  /** Keeps what was recorded (see {@linkcode quietly}). */
  async function remember(userId: number, chatId: number, entry: RecordedEntry, position: number) {
    await quietly(async () => {
      await state.setPosition(userId, position);
      await state.pushRecorded(chatId, userId, entry);
    });
  }

  /** Tells the other linked, unmuted members involved (by member id); failures are only logged. */
  async function notify(
    ctx: Context,
    userId: number,
    group: Group,
    memberIds: readonly string[],
    what: (m: Messages) => string,
  ) {
    try {
      const session = await kopek.session(userId);
      const author = group.members.find((x) => x.userId === session.userId)?.name ?? "?";
      const userIds = [
        ...new Set(
          group.members.filter((x) => x.active && memberIds.includes(x.id) && x.userId)
            .map((x) => x.userId!),
        ),
      ].filter((id) => id !== session.userId);
      if (userIds.length === 0) return;
      for (const chat of await kopek.chats(userId, group.id, userIds)) {
        const prefs = await state.prefs(chat.telegramUserId);
        if (prefs.muted) continue;
        const r = messages(prefs.lang);
        await ctx.api.sendMessage(chat.telegramUserId, r.notified(author, group.name, what(r)))
          .catch((error) => onError(error, "notifying a member"));
      }
    } catch (error) {
      onError(error, "notifying members");
    }
  }

  async function balance(ctx: Context, userId: number) {
    const group = await currentGroup(ctx, userId);
    if (!group) return;
    const balances = await kopek.balances(userId, group.id, await state.position(userId));
    await ctx.reply(describeBalances(group.name, balances, group.members, await m(ctx)));
  }

  async function settle(ctx: Context, userId: number) {
    const t = await m(ctx);
    const group = await currentGroup(ctx, userId);
    if (!group) return;
    const balances = await kopek.balances(userId, group.id, await state.position(userId));
    if (balances.settleUp.length === 0) {
      await ctx.reply(t.settledUp);
      return;
    }
    const transfers = balances.settleUp.map((x) => ({
      fromId: x.from,
      toId: x.to,
      amount: x.amount,
    }));
    const id = await state.ask({ kind: "settle", userId, groupId: group.id, transfers });
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

  /** Voids `entry` (the newest when absent) of the user's entries in this chat. */
  async function undo(ctx: Context, userId: number, entryId?: string) {
    const t = await m(ctx);
    const chatId = ctx.chat!.id;
    const stack = await state.recorded(chatId, userId);
    const entry = entryId ? stack.find((e) => e.id === entryId) : stack.at(-1);
    if (!entry) {
      await ctx.reply(t.nothingToUndo);
      return;
    }
    try {
      const result = entry.kind === "expense"
        ? await kopek.voidExpense(userId, entry.groupId, entry.id, entry.version)
        : await kopek.voidSettlement(userId, entry.groupId, entry.id, entry.version);
      await quietly(() => state.setPosition(userId, result.position));
      await ctx.reply(t.undone);
    } catch (error) {
      if (!(error instanceof KopekApiError) || (error.status !== 412 && error.status !== 404)) {
        throw error;
      }
      await ctx.reply(t.changedSince);
    }
    await quietly(() => state.dropRecorded(chatId, userId, entry.id));
  }

  /**
   * Runs a handler for a Telegram user, answering Kopek's refusals in words.
   * With `retry`, a handler that failed because Kopek is down or failing runs
   * again with bounded backoff (the user is told once, and told "not saved"
   * if it never worked): only for handlers whose writes carry derived ids.
   */
  function forUser(
    handler: (ctx: Context, userId: number) => Promise<void>,
    options: { retry?: boolean } = {},
  ) {
    return async (ctx: Context) => {
      const userId = ctx.from?.id;
      if (userId === undefined || !ctx.chat) return;
      const t = await m(ctx);
      try {
        await withRetry(() => handler(ctx, userId), {
          delaysMs: options.retry ? delaysMs : [],
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

  handlers.command("start", async (ctx) => {
    const t = await m(ctx);
    const code = ctx.match.trim();
    const userId = ctx.from?.id;
    if (!code || userId === undefined) {
      await ctx.reply(`${t.hello}\n\n${t.help}`);
      return;
    }
    try {
      const user = await kopek.link(code, userId);
      // Reads wait for the link, so they see what the user did in the app before it
      // (best effort, see quietly(): the link is made whatever the state store says).
      await quietly(() => state.setPosition(userId, user.position));
      await ctx.reply(`${t.linked(user.displayName)}\n\n${t.help}`);
    } catch (error) {
      if (!(error instanceof KopekApiError)) throw error;
      const why: Record<number, string> = {
        404: t.codeUnknown,
        409: t.codeUsed,
        410: t.codeExpired,
      };
      await ctx.reply(why[error.status] ?? t.linkFailed);
    }
  });
  handlers.command("help", async (ctx) => void await ctx.reply((await m(ctx)).help));
  handlers.command(
    "groups",
    forUser(async (ctx, userId) => {
      const groups = await kopek.groups(userId, await state.position(userId));
      const chosen = await state.group(ctx.chat!.id);
      await ctx.reply(
        groups.length === 0
          ? (await m(ctx)).noGroup
          : groups.map((g) =>
            `${g.id === chosen ? "• " : ""}${g.name} (${g.currency}, ${g.memberCount} members)`
          )
            .join("\n"),
      );
    }),
  );
  handlers.command(
    "use",
    forUser(async (ctx, userId) => {
      const t = await m(ctx);
      const name = String(ctx.match ?? "").trim().toLowerCase();
      const groups = await kopek.groups(userId, await state.position(userId));
      const found = groups.filter((g) => g.name.toLowerCase() === name);
      if (found.length !== 1) {
        await ctx.reply(t.noSuchGroup(name, groups.map((g) => g.name).join(", ")));
        return;
      }
      await state.setGroup(ctx.chat!.id, found[0].id);
      await ctx.reply(t.chatUses(found[0].name));
    }),
  );
  handlers.command(
    "add",
    forUser((ctx, userId) =>
      recordText(ctx, userId, String(ctx.match ?? ""), {
        messageId: ctx.msg!.message_id,
        date: ctx.msg!.date,
      }), { retry: true }),
  );
  handlers.command("balance", forUser(balance));
  handlers.command("settle", forUser(settle));
  handlers.command("undo", forUser((ctx, userId) => undo(ctx, userId)));
  handlers.command("lang", async (ctx) => {
    const lang = String(ctx.match ?? "").trim().toLowerCase();
    if (!(LANGS as readonly string[]).includes(lang)) {
      await ctx.reply((await m(ctx)).langUsage);
      return;
    }
    await state.setPrefs(ctx.from!.id, { lang });
    await ctx.reply(messages(lang).langSet);
  });
  handlers.command("mute", async (ctx) => {
    await state.setPrefs(ctx.from!.id, { muted: true });
    await ctx.reply((await m(ctx)).muted);
  });
  handlers.command("unmute", async (ctx) => {
    await state.setPrefs(ctx.from!.id, { muted: false });
    await ctx.reply((await m(ctx)).unmuted);
  });

  handlers.callbackQuery(
    /^u:(.+)$/,
    forUser(async (ctx, userId) => {
      await ctx.answerCallbackQuery();
      await undo(ctx, userId, ctx.match![1]);
    }),
  );
  handlers.callbackQuery(
    /^e:(.+)$/,
    forUser(async (ctx, userId) => {
      await ctx.answerCallbackQuery();
      const t = await m(ctx);
      const entry = (await state.recorded(ctx.chat!.id, userId)).find((e) =>
        e.id === ctx.match![1]
      );
      if (!entry) {
        await ctx.reply(t.changedSince);
        return;
      }
      await state.setEditing(ctx.chat!.id, userId, entry);
      await ctx.reply(t.editPrompt);
    }),
  );
  handlers.callbackQuery(
    /^q:(\w+):(\d+)$/,
    forUser(async (ctx, userId) => {
      await ctx.answerCallbackQuery();
      const question = await state.question(ctx.match![1]);
      const asked = (question?.kind === "text" || question?.kind === "member") &&
          question.userId === userId
        ? question
        : undefined;
      const choice = asked?.choices[Number(ctx.match![2])];
      if (!asked || choice === undefined) {
        await ctx.reply((await m(ctx)).questionGone);
        return;
      }
      // The entry's id comes from the user's message: tapping twice records once.
      const origin = { messageId: asked.messageId, date: asked.date };
      if (asked.kind === "text") await recordText(ctx, userId, choice, origin);
      else {
        const picked = { ...asked.picked, [asked.name]: choice };
        await recordText(ctx, userId, asked.text, origin, picked);
      }
    }, { retry: true }),
  );
  handlers.callbackQuery(
    /^s:(\w+):(\d+)$/,
    forUser(async (ctx, userId) => {
      await ctx.answerCallbackQuery();
      const question = await state.question(ctx.match![1]);
      const index = Number(ctx.match![2]);
      const transfer = question?.kind === "settle" && question.userId === userId
        ? question.transfers[index]
        : undefined;
      const message = ctx.callbackQuery?.message;
      // A plan stored before member ids were kept has no fromId: asked again.
      if (question?.kind !== "settle" || !transfer?.fromId || !transfer.toId || !message) {
        await ctx.reply((await m(ctx)).questionGone);
        return;
      }
      const group = await kopek.group(userId, question.groupId, await state.position(userId));
      await recordSettlement(
        ctx,
        userId,
        group,
        {
          fromId: transfer.fromId,
          toId: transfer.toId,
          total: transfer.amount,
          date: dayOf(message.date),
        },
        message.message_id,
        `settle:${index}`,
      );
    }, { retry: true }),
  );

  handlers.on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) {
      await ctx.reply(`${(await m(ctx)).unknownCommand}\n\n${(await m(ctx)).help}`);
      return;
    }
    await forUser((c, userId) =>
      recordText(c, userId, ctx.message.text, {
        messageId: ctx.message.message_id,
        date: ctx.message.date,
      }), { retry: true })(ctx);
    await next();
  });
  return bot;
}

/** A member's name, or "?" when the group has no such member. */
function nameOf(group: Group, memberId: string): string {
  return group.members.find((x) => x.id === memberId)?.name ?? "?";
}

/** The kind of a Telegram update (`message`, `callback_query`, …): a bounded span attribute. */
function updateKind(update: object): string {
  for (const key of Object.keys(update)) if (key !== "update_id") return key.slice(0, 40);
  return "unknown";
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
