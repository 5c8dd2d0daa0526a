/**
 * The Telegram bot as its own process: `deno task serve:bot`. Long polling
 * (getUpdates) until SIGINT/SIGTERM, or a webhook on Hono at
 * `KOPEK_BOT_PORT` when `KOPEK_TELEGRAM_WEBHOOK_URL` is set; chat state in
 * Valkey when `KOPEK_VALKEY_URL` is set. It talks to Kopek only through the
 * public API at `KOPEK_API_URL`, with the service key `KOPEK_BOT_API_KEY`.
 * In both modes it serves `/healthz`, `/readyz` and `/metrics` (updates,
 * parse outcomes, Telegram errors: ADR 0036) on `KOPEK_BOT_PORT` (default
 * 8090): one port whichever the mode, clear of the API's 8080 on the same host.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import {
  createLogger,
  loadConfigOrExit,
  serveOperations,
  serverSettings,
  serviceMetrics,
} from "@kopek/platform";
import { BotConfig } from "./config.ts";
import { compose } from "./compose.ts";
import { KopekApi } from "./service/kopek_api.ts";
import { telegramWebhook, webhookPath } from "./service/webhook.ts";

if (import.meta.main) {
  const config = loadConfigOrExit(BotConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-bot" });
  const now = () => new Date();
  if (!config.KOPEK_VALKEY_URL) logger.warn("no KOPEK_VALKEY_URL: chat state is lost on restart");
  // One Prometheus registry for the process, served at /metrics on KOPEK_BOT_PORT (ADR 0036).
  const metrics = serviceMetrics(config);
  const { bot, store } = compose(config, {
    logger,
    metrics: metrics.registry,
    kopek: new KopekApi({
      baseUrl: config.KOPEK_API_URL,
      botApiKey: config.KOPEK_BOT_API_KEY,
      now,
      newId: uuidv7,
    }),
    now,
  });
  if (config.KOPEK_TELEGRAM_WEBHOOK_URL) {
    const secretToken = config.KOPEK_TELEGRAM_WEBHOOK_SECRET!;
    const webhookUrl = config.KOPEK_TELEGRAM_WEBHOOK_URL;
    await bot.init();
    // The same server as every service: slow-client limits, a bounded drain at SIGTERM (ADR 0025).
    await serveOperations({
      checks: [],
      metrics,
      routes: telegramWebhook(bot, {
        path: webhookPath(config.KOPEK_TELEGRAM_WEBHOOK_URL),
        secretToken,
      }),
      port: config.KOPEK_BOT_PORT,
      logger,
      settings: serverSettings(config),
      onListening: async () => {
        await bot.api.setWebhook(webhookUrl, { secret_token: secretToken });
        logger.info({ port: config.KOPEK_BOT_PORT }, "bot webhook listening");
      },
      onShutdown: async () => {
        await store.close();
        logger.info("bot stopped");
      },
    });
  } else {
    let polling = false;
    let stopping = false;
    let polled: Promise<void> = Promise.resolve();
    // Its health endpoints and metrics on KOPEK_BOT_PORT while it polls, until SIGINT/SIGTERM;
    // polling starts once it listens (and the signals are handled).
    await serveOperations({
      checks: [],
      metrics,
      port: config.KOPEK_BOT_PORT,
      logger,
      settings: serverSettings(config),
      onListening: () => {
        logger.info({ api: config.KOPEK_API_URL, port: config.KOPEK_BOT_PORT }, "bot starting");
        // Polls until stopped; a failure that is not a stop is fatal (the orchestrator restarts it).
        polled = bot.start({
          onStart: (me) => {
            polling = true;
            logger.info({ username: me.username }, "bot polling");
          },
        }).then(() => {
          if (!stopping) {
            logger.info("bot stopped");
            Deno.exit(0);
          }
        }, (err) => {
          if (!stopping) {
            logger.fatal({ err }, "the bot stopped polling");
            Deno.exit(1);
          }
        });
      },
      onShutdown: async () => {
        stopping = true;
        // Not polling yet (Telegram unreachable, grammY retrying getMe): nothing to finish.
        if (polling) {
          await bot.stop().catch((err) => logger.warn({ err }, "stopping the bot"));
          await polled;
        } else {
          logger.info("bot stopped before it could reach Telegram");
        }
        await store.close();
        logger.info("bot stopped");
      },
    });
  }
}
