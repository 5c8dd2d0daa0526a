/**
 * The Telegram bot's service routes, authenticated with the bot's service
 * key (`KOPEK_BOT_API_KEY`), not with a user's token:
 *
 * - `POST /v1/telegram/links` `{ code, telegramUserId }` redeems a link code
 *   a user sent to the bot as `/start <code>`;
 * - `POST /v1/telegram/tokens` `{ telegramUserId }` answers a short-lived
 *   access token for the account that Telegram user linked, and only for
 *   such an account: the bot can act for nobody else;
 * - `POST /v1/telegram/chats` `{ telegramUserId, groupId, userIds }` answers,
 *   among `userIds`, the active members of the group who linked Telegram
 *   with their Telegram user ids (the bot notifies them). Only for a linked
 *   Telegram user who is an active member of that group: the bot learns only
 *   about people the acting user already sees.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import {
  memberOfUser,
  TelegramChatsInput,
  TelegramLinkInput,
  TelegramTokenInput,
} from "@kopek/domain";
import { problem, ProblemError, readJson, type TokenIssuer, zodProblem } from "@kopek/platform";
import type { Accounts } from "../accounts.ts";
import type { GroupRepository } from "../group_repository.ts";
import type { Limits } from "../rate_limits.ts";

/** The name the bot acts under, in tokens and in events' metadata. */
export const TELEGRAM_BOT = "telegram-bot";

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Mounts the bot's routes (before user bearer auth: they have their own). */
export function telegramRoutes(
  deps: {
    accounts: Accounts;
    tokens: TokenIssuer;
    limits: Limits;
    botApiKey?: string;
    groups: GroupRepository;
  },
) {
  const expected = deps.botApiKey ? digest(deps.botApiKey) : null;

  async function requireBot(c: Context) {
    const m = /^Bearer\s+(\S{1,512})$/i.exec(c.req.header("authorization") ?? "");
    // Digests compared in constant time: equal lengths, and nothing learned from timing.
    const ok = expected !== null && m !== null &&
      timingSafeEqual(await digest(m[1]), await expected);
    if (!ok) {
      throw new ProblemError(
        problem(401, "the bot's service key is required", { code: "unauthenticated" }),
        { "WWW-Authenticate": 'Bearer realm="kopek-bot"' },
      );
    }
  }

  async function parse<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
    const parsed = schema.safeParse(await readJson(c));
    if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
    return parsed.data;
  }

  async function linkedUser(telegramUserId: string): Promise<string> {
    const userId = await deps.accounts.userOfTelegram(telegramUserId);
    if (!userId) {
      throw new ProblemError(
        problem(404, "this Telegram account is not linked to a Kopek account", {
          code: "telegram.not_linked",
        }),
      );
    }
    return userId;
  }

  return (app: Hono) => {
    app.post("/v1/telegram/links", async (c) => {
      await requireBot(c);
      const input = await parse(c, TelegramLinkInput);
      await deps.limits.hit("codes", `telegram ${input.telegramUserId}`);
      const { user, position } = await deps.accounts.linkTelegram(
        input.code,
        input.telegramUserId,
        TELEGRAM_BOT,
      );
      // Like every write, the position: the bot's next reads wait for it (and so see
      // everything the user did in the app before sending the code).
      c.header("Kopek-Position", String(position));
      return c.json({
        user: { id: user.id, displayName: user.displayName },
        telegram: { linked: true },
        position,
      }, 201);
    });

    app.post("/v1/telegram/tokens", async (c) => {
      await requireBot(c);
      const input = await parse(c, TelegramTokenInput);
      const userId = await linkedUser(input.telegramUserId);
      const { token, expiresAt } = await deps.tokens.issue(userId, { via: TELEGRAM_BOT });
      return c.json({ userId, token, expiresAt: expiresAt.toISOString() }, 200);
    });

    app.post("/v1/telegram/chats", async (c) => {
      await requireBot(c);
      const input = await parse(c, TelegramChatsInput);
      const actor = await linkedUser(input.telegramUserId);
      const state = await deps.groups.current(input.groupId);
      // The same answer for a group that does not exist and one the actor is not in.
      if (!state.exists || !memberOfUser(state, actor)) {
        throw new ProblemError(problem(404, "group not found", { code: "not_found" }));
      }
      const chats = [];
      for (const userId of new Set(input.userIds)) {
        if (!memberOfUser(state, userId)) continue;
        const telegramUserId = await deps.accounts.telegramOfUser(userId);
        if (telegramUserId !== null) chats.push({ userId, telegramUserId: Number(telegramUserId) });
      }
      return c.json({ chats }, 200);
    });
  };
}
