/**
 * The Telegram bot as its own process: `deno task serve:bot`. Long polling
 * (getUpdates) until SIGINT/SIGTERM; it talks to Kopek only through the public
 * API at `KOPEK_API_URL`, with the service key `KOPEK_BOT_API_KEY`.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import { createLogger, loadConfigOrExit } from "@kopek/platform";
import { BotConfig } from "./config.ts";
import { createBot } from "./service/bot.ts";
import { KopekApi } from "./service/kopek_api.ts";

if (import.meta.main) {
  const config = loadConfigOrExit(BotConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-bot" });
  const now = () => new Date();
  const bot = createBot({
    token: config.KOPEK_TELEGRAM_TOKEN,
    kopek: new KopekApi({
      baseUrl: config.KOPEK_API_URL,
      botApiKey: config.KOPEK_BOT_API_KEY,
      now,
      newId: uuidv7,
    }),
    now,
  });
  bot.catch((error) => {
    logger.error({ err: error.error, updateId: error.ctx.update.update_id }, "update failed");
  });
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
  }
  logger.info("bot stopped");
}
