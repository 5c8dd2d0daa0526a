/**
 * Fuzz routes: the bot's service routes (`/v1/telegram/…`, the bot's key).
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { KopekClient } from "@kopek/testing";
import { telegramUserIdArb } from "./_kit/bodies.ts";
import { BOT_KEY, want } from "./_kit/fixture.ts";
import type { Good } from "./_kit/good.ts";
import type { Route } from "./_kit/route.ts";

/** The bot routes. */
export const BOT_ROUTES: readonly Route[] = [
  // The bot's service routes
  {
    name: "telegram.links",
    op: "POST /v1/telegram/links",
    method: "POST",
    path: "/v1/telegram/links",
    ids: () => [],
    auth: "bot",
    body: (f) =>
      fc.record({
        fresh: fc.boolean(),
        telegramUserId: telegramUserIdArb,
      }).map((x) => ({
        code: x.fresh ? f.pools.telegramCodes.pop() ?? "ZZZZZZZZZZZZZZZZ" : "ZZZZZZZZZZZZZZZZ",
        telegramUserId: x.telegramUserId,
      })),
  },
  {
    name: "telegram.tokens",
    op: "POST /v1/telegram/tokens",
    method: "POST",
    path: "/v1/telegram/tokens",
    ids: () => [],
    auth: "bot",
    body: () => telegramUserIdArb.map((telegramUserId) => ({ telegramUserId })),
  },
  {
    name: "telegram.chats",
    op: "POST /v1/telegram/chats",
    method: "POST",
    path: "/v1/telegram/chats",
    ids: () => [],
    auth: "bot",
    body: (f) =>
      fc.record({
        // Ana's Telegram user (linked, a member) or any other.
        telegramUserId: fc.oneof(fc.constant(777), telegramUserIdArb),
        own: fc.boolean(),
        userIds: fc.array(fc.oneof(fc.uuid(), fc.constant(f.g)), { maxLength: 5 }),
      }).map((x) => ({
        telegramUserId: x.telegramUserId,
        groupId: x.own ? f.g : crypto.randomUUID(),
        userIds: x.userIds,
      })),
  },
];

/** The bot routes' known-good sequences. */
export const BOT_GOOD: Readonly<Record<string, Good>> = {
  telegram: {
    weight: 3,
    appends: true,
    async run(f, ana) {
      const bot = new KopekClient(f.base, BOT_KEY);
      const telegramUserId = 1_000_000 + Math.floor(Math.random() * 1e9);
      want(await ana.delete("/v1/me/telegram"), 200, "unlink");
      const link = await ana.post("/v1/me/telegram-link", undefined);
      want(link, 201, "link code");
      assert.match(link.body.code, /^[0-9A-Z]{16}$/);
      const linked = await bot.post("/v1/telegram/links", { code: link.body.code, telegramUserId });
      want(linked, 201, "link");
      want(
        await bot.post("/v1/telegram/links", { code: link.body.code, telegramUserId }),
        409,
        "a code links once",
      );
      const token = await bot.post("/v1/telegram/tokens", { telegramUserId });
      want(token, 200, "bot token");
      const asBot = new KopekClient(f.base, token.body.token);
      want(await asBot.post("/v1/me/telegram-link", {}), 403, "the bot is not the owner");
      want(await ana.delete("/v1/me/telegram"), 200, "unlink");
      want(await bot.post("/v1/telegram/tokens", { telegramUserId }), 404, "unlinked");
      want(await ana.delete("/v1/me/sessions"), 200, "sign out everywhere");
      want(await ana.get("/v1/me"), 200, "the access token still works");
    },
  },
};
