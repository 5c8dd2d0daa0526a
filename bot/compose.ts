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
import { modelBudget } from "./fallback/budget.ts";
import { type ModelFallback, modelFallback } from "./fallback/fallback.ts";

/** The variables {@linkcode compose} reads (the all-in-one passes its kept bot key). */
export type BotComposeConfig =
  & Pick<
    BotConfig,
    "KOPEK_TELEGRAM_TOKEN" | "KOPEK_TELEGRAM_API_ROOT" | "KOPEK_BOT_API_KEY" | "KOPEK_VALKEY_URL"
  >
  & Partial<
    Pick<
      BotConfig,
      | "KOPEK_BOT_LLM_URL"
      | "KOPEK_BOT_LLM_MODEL"
      | "KOPEK_BOT_LLM_KEY"
      | "KOPEK_BOT_LLM_TIMEOUT_MS"
      | "KOPEK_BOT_LLM_USER_HOURLY"
      | "KOPEK_BOT_LLM_DAILY"
    >
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
    fallback: fallbackOf(config, store),
    // What the model made of a text (`entry`, or why none); never the text, nor the key.
    onModelGuess: (outcome) => logger.info({ outcome }, "language model asked"),
  });
  return { bot, store };
}

/** The language-model fallback (ADR 0068) when `KOPEK_BOT_LLM_URL` is set; none otherwise. */
function fallbackOf(config: BotComposeConfig, store: BotStore): ModelFallback | undefined {
  if (!config.KOPEK_BOT_LLM_URL || !config.KOPEK_BOT_LLM_MODEL) return undefined;
  return modelFallback(
    {
      url: config.KOPEK_BOT_LLM_URL,
      model: config.KOPEK_BOT_LLM_MODEL,
      key: config.KOPEK_BOT_LLM_KEY,
      timeoutMs: config.KOPEK_BOT_LLM_TIMEOUT_MS ?? 5000,
    },
    modelBudget(store, {
      userHourly: config.KOPEK_BOT_LLM_USER_HOURLY ?? 10,
      daily: config.KOPEK_BOT_LLM_DAILY ?? 500,
    }),
  );
}
