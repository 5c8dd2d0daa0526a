/**
 * The Telegram bot as its own process: `deno task serve:bot`. Long polling
 * (getUpdates) until SIGINT/SIGTERM, or a webhook on Hono at
 * `KOPEK_BOT_PORT` when `KOPEK_TELEGRAM_WEBHOOK_URL` is set; chat state in
 * Valkey when `KOPEK_VALKEY_URL` is set. It talks to Kopek only through the
 * public API at `KOPEK_API_URL`, with the service key `KOPEK_BOT_API_KEY`.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import {
  createLogger,
  loadConfigOrExit,
  serverSettings,
  serveUntilSignal,
  serviceMetrics,
} from "@kopek/platform";
import { BotConfig } from "./config.ts";
import { Hono } from "hono";
import { createBot } from "./service/bot.ts";
import { KopekApi } from "./service/kopek_api.ts";
import { telegramWebhook, webhookPath } from "./service/webhook.ts";
import { createMemoryStore } from "./state/store.ts";
import { createValkeyStore } from "./state/valkey_store.ts";

if (import.meta.main) {
  const config = loadConfigOrExit(BotConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-bot" });
  const now = () => new Date();
  const store = config.KOPEK_VALKEY_URL
    ? createValkeyStore(config.KOPEK_VALKEY_URL)
    : createMemoryStore();
  if (!config.KOPEK_VALKEY_URL) logger.warn("no KOPEK_VALKEY_URL: chat state is lost on restart");
  // One Prometheus registry for the process, served at /metrics in webhook mode (ADR 0036); a
  // polling bot listens on no port, so it measures nothing.
  const metrics = serviceMetrics(
    config.KOPEK_TELEGRAM_WEBHOOK_URL ? config : { KOPEK_METRICS: "off" },
  );
  const bot = createBot({
    token: config.KOPEK_TELEGRAM_TOKEN,
    apiRoot: config.KOPEK_TELEGRAM_API_ROOT,
    kopek: new KopekApi({
      baseUrl: config.KOPEK_API_URL,
      botApiKey: config.KOPEK_BOT_API_KEY,
      now,
      newId: uuidv7,
    }),
    idSecret: config.KOPEK_BOT_API_KEY,
    now,
    store,
    onError: (err, where) => logger.error({ err, where }, "bot error"),
    metrics: metrics.registry,
    onNotUnderstood: (reason, length) => logger.info({ reason, length }, "message not understood"),
  });
  if (config.KOPEK_TELEGRAM_WEBHOOK_URL) {
    const secretToken = config.KOPEK_TELEGRAM_WEBHOOK_SECRET!;
    const webhookUrl = config.KOPEK_TELEGRAM_WEBHOOK_URL;
    const app = new Hono();
    app.use("*", metrics.http);
    app.get("/healthz", (c) => c.text("ok"));
    app.get(
      "/metrics",
      async (c) =>
        c.text((await Promise.all(metrics.sources.map((m) => m()))).join(""), 200, {
          "content-type": "text/plain; version=0.0.4; charset=utf-8",
        }),
    );
    telegramWebhook(bot, { path: webhookPath(config.KOPEK_TELEGRAM_WEBHOOK_URL), secretToken })(
      app,
    );
    await bot.init();
    // The same server as every service: slow-client limits, a bounded drain at SIGTERM (ADR 0025).
    await serveUntilSignal({
      fetch: app.fetch,
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
  }
  let polling = false;
  let stopping = false;
  const stop = () => {
    stopping = true;
    // Not polling yet (Telegram unreachable, grammY retrying getMe): nothing to finish.
    if (!polling) {
      logger.info("bot stopped before it could reach Telegram");
      Deno.exit(0);
    }
    bot.stop().catch((err) => logger.warn({ err }, "stopping the bot"));
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  logger.info({ api: config.KOPEK_API_URL }, "bot starting");
  try {
    await bot.start({
      onStart: (me) => {
        polling = true;
        logger.info({ username: me.username }, "bot polling");
      },
    });
  } catch (err) {
    if (!stopping) {
      logger.fatal({ err }, "the bot stopped polling");
      Deno.exit(1);
    }
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
    await store.close();
  }
  logger.info("bot stopped");
}
