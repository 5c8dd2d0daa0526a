/**
 * The Telegram bot wired from its configuration and what its process gives
 * it (ADR 0048): used by `bot/main.ts` (`serve:bot`) and by `kopek start`
 * (cli/embedded_bot.ts, when `KOPEK_TELEGRAM_TOKEN` is set). Chat state in
 * Valkey when `KOPEK_VALKEY_URL` is set, else in memory.
 *
 * @module
 */
import type { Bot } from "grammy";
import type { Registry } from "prom-client";
import type { Logger } from "@kopek/platform";
import type { BotConfig } from "./config.ts";
import { createBot } from "./service/bot.ts";
import type { KopekApi } from "./service/kopek_api.ts";
import { type BotStore, createMemoryStore } from "./state/store.ts";
import { createValkeyStore } from "./state/valkey_store.ts";

/** The variables {@linkcode compose} reads (the all-in-one passes its kept bot key). */
export type BotComposeConfig = Pick<
  BotConfig,
  "KOPEK_TELEGRAM_TOKEN" | "KOPEK_TELEGRAM_API_ROOT" | "KOPEK_BOT_API_KEY" | "KOPEK_VALKEY_URL"
>;

/** What the bot takes from its process. */
export interface BotShared {
  readonly logger: Logger;
  /** The process's registry (undefined when metrics are off). */
  readonly metrics: Registry | undefined;
  /** Kopek's public API, as this process reaches it. */
  readonly kopek: KopekApi;
  readonly now: () => Date;
}

/** The bot (neither started nor initialised) and its chat state, closed last at shutdown. */
export interface ComposedBot {
  readonly bot: Bot;
  readonly store: BotStore;
}

/** The bot, wired once for both ways to run it. */
export function compose(config: BotComposeConfig, shared: BotShared): ComposedBot {
  const { logger } = shared;
  const store = config.KOPEK_VALKEY_URL
    ? createValkeyStore(config.KOPEK_VALKEY_URL)
    : createMemoryStore();
  const bot = createBot({
    token: config.KOPEK_TELEGRAM_TOKEN,
    apiRoot: config.KOPEK_TELEGRAM_API_ROOT,
    kopek: shared.kopek,
    idSecret: config.KOPEK_BOT_API_KEY,
    now: shared.now,
    store,
    onError: (err, where) => logger.error({ err, where }, "bot error"),
    metrics: shared.metrics,
    onNotUnderstood: (reason, length) => logger.info({ reason, length }, "message not understood"),
  });
  return { bot, store };
}
