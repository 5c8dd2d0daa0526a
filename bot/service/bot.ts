/**
 * The Telegram bot: grammY handlers that link a Telegram user to a Kopek
 * account, pick a group per chat, record expenses said in words, show
 * balances and undo. It talks only to Kopek's public API ({@linkcode KopekApi}),
 * as the linked user.
 *
 * This slice keeps its chat state (the chosen group per chat, the expenses to
 * undo, the position of the user's last write) in memory: a restart forgets
 * them (the ledger itself is in Kopek).
 *
 * @module
 */
import { Bot, type Context } from "grammy";
import { parseMessage } from "../parse/parse.ts";
import type { ExpenseParse } from "../parse/types.ts";
import { describeBalances, describeRecorded } from "./describe.ts";
import { type Group, type KopekApi, KopekApiError } from "./kopek_api.ts";

/** How to build the bot. */
export interface BotOptions {
  /** The bot token from BotFather. */
  readonly token: string;
  /** The Telegram Bot API root (default `https://api.telegram.org`); tests point it at a stand-in. */
  readonly apiRoot?: string;
  /** Kopek's API. */
  readonly kopek: KopekApi;
  /** The clock: "today" for the parser. */
  readonly now: () => Date;
}

/** The help text of `/help`. */
export const HELP = [
  'Say what you spent: "Add $50 for food", "taxi 12.50 yesterday split with Bob".',
  "/start CODE — link your Kopek account (get the code in the app)",
  "/groups — your groups; /use NAME — the group this chat records into",
  "/add TEXT — record an expense; /balance — who owes whom; /undo — void your last expense here",
].join("\n");

interface Recorded {
  readonly groupId: string;
  readonly expenseId: string;
  readonly version: number;
}

/** Builds the bot; call `bot.init()` (getMe) before `handleUpdate`, or `bot.start()` to poll. */
export function createBot(options: BotOptions): Bot {
  const { kopek, now } = options;
  const bot = new Bot(
    options.token,
    options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {},
  );
  /** chat id → Kopek group id (in memory in this slice). */
  const chosenGroup = new Map<number, string>();
  /** `chat:user` → expenses recorded through the bot, newest last. */
  const recorded = new Map<string, Recorded[]>();
  /** Telegram user → position of their last write, for read-your-writes. */
  const lastPosition = new Map<number, number>();

  const today = () => now().toISOString().slice(0, 10);

  /** The chat's group: the one chosen with /use, else the user's only group. */
  async function currentGroup(ctx: Context, userId: number): Promise<Group | undefined> {
    const chatId = ctx.chat!.id;
    let groupId = chosenGroup.get(chatId);
    if (!groupId) {
      const groups = await kopek.groups(userId, lastPosition.get(userId));
      if (groups.length === 1) groupId = groups[0].id;
      else {
        await ctx.reply(
          groups.length === 0
            ? "You have no group yet: create one in the app."
            : `Which group? Send /use NAME (${groups.map((g) => g.name).join(", ")}).`,
        );
        return undefined;
      }
    }
    return await kopek.group(userId, groupId, lastPosition.get(userId));
  }

  async function record(ctx: Context, userId: number, text: string) {
    const group = await currentGroup(ctx, userId);
    if (!group) return;
    const session = await kopek.session(userId);
    const members = group.members.filter((m) => m.active);
    const me = members.find((m) => m.userId === session.userId);
    if (!me) {
      await ctx.reply(`You are not an active member of ${group.name}.`);
      return;
    }
    const parsed = parseMessage(text, {
      today: today(),
      currency: group.currency,
      me: me.name,
      members: members.map((m) => m.name),
    });
    switch (parsed.intent) {
      case "expense":
        return await recordExpense(ctx, userId, group, parsed);
      case "balance":
        return await balance(ctx, userId);
      case "undo":
        return await undo(ctx, userId);
      case "settlement":
        await ctx.reply("Settlements through the bot come later: record this one in the app.");
        return;
      case "unknown":
        await ctx.reply(
          `I did not understand that (${parsed.reason}). Could you rephrase, e.g. "Add $50 for food"?`,
        );
    }
  }

  async function recordExpense(ctx: Context, userId: number, group: Group, e: ExpenseParse) {
    const byName = (name: string) => group.members.find((m) => m.name === name && m.active)!.id;
    const result = await kopek.recordExpense(userId, group.id, {
      description: e.description || e.category,
      total: e.total,
      date: e.date,
      category: e.category,
      paidBy: [{ memberId: byName(e.paidBy), amount: e.total.amount }],
      split: { mode: "equal", shares: e.splitWith.map((name) => ({ memberId: byName(name) })) },
    });
    lastPosition.set(userId, result.position);
    const key = `${ctx.chat!.id}:${userId}`;
    recorded.set(key, [...(recorded.get(key) ?? []), {
      groupId: group.id,
      expenseId: result.id,
      version: result.version,
    }]);
    const count = group.members.filter((m) => m.active).length;
    await ctx.reply(describeRecorded(e, today(), count));
  }

  async function balance(ctx: Context, userId: number) {
    const group = await currentGroup(ctx, userId);
    if (!group) return;
    const balances = await kopek.balances(userId, group.id, lastPosition.get(userId));
    await ctx.reply(describeBalances(group.name, balances, group.members));
  }

  async function undo(ctx: Context, userId: number) {
    const key = `${ctx.chat!.id}:${userId}`;
    const stack = recorded.get(key) ?? [];
    const last = stack.at(-1);
    if (!last) {
      await ctx.reply("Nothing to undo: you have recorded nothing through me in this chat.");
      return;
    }
    try {
      const result = await kopek.voidExpense(userId, last.groupId, last.expenseId, last.version);
      lastPosition.set(userId, result.position);
      await ctx.reply("Undone: your last expense is voided.");
    } catch (error) {
      if (!(error instanceof KopekApiError) || (error.status !== 412 && error.status !== 404)) {
        throw error;
      }
      await ctx.reply("That expense changed (or is gone) since: open it in the app.");
    }
    recorded.set(key, stack.slice(0, -1));
  }

  /** Runs a handler for a Telegram user, answering Kopek's refusals in words. */
  function forUser(handler: (ctx: Context, userId: number) => Promise<void>) {
    return async (ctx: Context) => {
      const userId = ctx.from?.id;
      if (userId === undefined || !ctx.chat) return;
      try {
        await handler(ctx, userId);
      } catch (error) {
        if (!(error instanceof KopekApiError)) throw error;
        await ctx.reply(
          error.status === 404 && error.code === "telegram.not_linked"
            ? "Link your Kopek account first: get a code in the app and send /start CODE."
            : "Kopek could not do that right now; nothing was recorded. Please try again.",
        );
      }
    };
  }

  bot.command("start", async (ctx) => {
    const code = ctx.match.trim();
    const userId = ctx.from?.id;
    if (!code || userId === undefined) {
      await ctx.reply(`Hello! Get a link code in the Kopek app and send /start CODE.\n\n${HELP}`);
      return;
    }
    try {
      const user = await kopek.link(code, userId);
      // Reads wait for the link, so they see what the user did in the app before it.
      lastPosition.set(userId, user.position);
      await ctx.reply(`Linked to ${user.displayName}'s Kopek account.\n\n${HELP}`);
    } catch (error) {
      if (!(error instanceof KopekApiError)) throw error;
      const why: Record<number, string> = {
        404: "That code is unknown.",
        409: "That code was used already, or this Telegram account is linked elsewhere.",
        410: "That code has expired: get a new one in the app.",
      };
      await ctx.reply(why[error.status] ?? "Linking failed; please try again later.");
    }
  });
  bot.command("help", (ctx) => ctx.reply(HELP));
  bot.command(
    "groups",
    forUser(async (ctx, userId) => {
      const groups = await kopek.groups(userId, lastPosition.get(userId));
      const chosen = chosenGroup.get(ctx.chat!.id);
      await ctx.reply(
        groups.length === 0 ? "You have no group yet: create one in the app." : groups
          .map((g) =>
            `${g.id === chosen ? "• " : ""}${g.name} (${g.currency}, ${g.memberCount} members)`
          )
          .join("\n"),
      );
    }),
  );
  bot.command(
    "use",
    forUser(async (ctx, userId) => {
      const name = String(ctx.match ?? "").trim().toLowerCase();
      const groups = await kopek.groups(userId, lastPosition.get(userId));
      const found = groups.filter((g) => g.name.toLowerCase() === name);
      if (found.length !== 1) {
        await ctx.reply(
          `No single group named "${name}". Your groups: ${groups.map((g) => g.name).join(", ")}.`,
        );
        return;
      }
      chosenGroup.set(ctx.chat!.id, found[0].id);
      await ctx.reply(`This chat now records into ${found[0].name}.`);
    }),
  );
  bot.command("add", forUser((ctx, userId) => record(ctx, userId, String(ctx.match ?? ""))));
  bot.command("balance", forUser(balance));
  bot.command("undo", forUser(undo));
  bot.on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) {
      await ctx.reply(`I do not know that command.\n\n${HELP}`);
      return;
    }
    await forUser((c, userId) => record(c, userId, ctx.message.text))(ctx);
    await next();
  });
  return bot;
}
