/**
 * The Telegram bot inside the all-in-one process (`KOPEK_TELEGRAM_TOKEN`):
 * the same bot as `bot/main.ts`, talking to this process's own public API
 * over HTTP with the bot key the process generated or was given. Long
 * polling, or a webhook route on the process's Hono app when
 * `KOPEK_TELEGRAM_WEBHOOK_URL` is set. Chat state in Valkey when configured.
 *
 * @module
 */
import type { Hono } from "hono";
import { v7 as uuidv7 } from "uuid";
import { composeBot, KopekApi, telegramWebhook, webhookPath } from "@kopek/bot";
import type { Logger } from "@kopek/platform";
import type { Registry } from "prom-client";
import type { AllInOneConfig } from "./config.ts";

/**
 * The embedded bot: mount its webhook (if any) before serving, start it once
 * listening; on shutdown, stop its updates, let the server finish in-flight
 * requests, then close it.
 */
export interface EmbeddedBot {
  mount(app: Hono): void;
  /** Starts polling or sets the webhook; `apiOrigin` is where the process's API listens. */
  start(apiOrigin: string): void;
  /** Stops polling (waiting for the updates being handled); a webhook is stopped by the server. */
  stopUpdates(): Promise<void>;
  /** Releases the state store: once no handler runs any more. */
  close(): Promise<void>;
}

/** Prepares the embedded bot; `botApiKey` is the key the command API accepts. */
export function startEmbeddedBot(
  config: AllInOneConfig,
  botApiKey: string,
  logger: Logger,
  metrics?: Registry,
): EmbeddedBot {
  const log = logger.child({ component: "telegram-bot" });
  const now = () => new Date();
  // The API origin is known once the server listens; the bot handles no update before.
  let origin = "http://127.0.0.1:0";
  const kopek = new KopekApi({
    baseUrl: "http://127.0.0.1",
    botApiKey,
    now,
    newId: uuidv7,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      return fetch(new URL(url.pathname + url.search, origin), init);
    },
  });
  const { bot, store } = composeBot({
    ...config,
    KOPEK_TELEGRAM_TOKEN: config.KOPEK_TELEGRAM_TOKEN!,
    KOPEK_BOT_API_KEY: botApiKey,
  }, { logger: log, metrics, kopek, now });
  const webhookUrl = config.KOPEK_TELEGRAM_WEBHOOK_URL;
  // Unset: a random secret for this run (one process, which registers it itself with setWebhook
  // before Telegram posts anything; a restart registers a new one).
  const secretToken = config.KOPEK_TELEGRAM_WEBHOOK_SECRET ?? crypto.randomUUID();
  let polling: Promise<void> | undefined;
  return {
    mount(app) {
      if (webhookUrl) telegramWebhook(bot, { path: webhookPath(webhookUrl), secretToken })(app);
    },
    start(apiOrigin) {
      origin = apiOrigin;
      if (webhookUrl) {
        bot.init()
          .then(() => bot.api.setWebhook(webhookUrl, { secret_token: secretToken }))
          .then(() => log.info({ webhook: webhookUrl }, "bot webhook set"))
          .catch((err) => log.error({ err }, "could not set the bot's webhook"));
        return;
      }
      polling = bot.start({ onStart: (me) => log.info({ username: me.username }, "bot polling") })
        .catch((err) => log.error({ err }, "the bot stopped polling"));
    },
    async stopUpdates() {
      if (polling) {
        await bot.stop().catch(() => {});
        await polling;
      }
    },
    async close() {
      await store.close();
    },
  };
}
