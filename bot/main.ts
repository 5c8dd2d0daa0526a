/**
 * The Telegram bot as its own process: `deno run -A bot/main.ts`. Long polling
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
  const stop = () => void bot.stop();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await bot.start({
    onStart: (me) => logger.info({ username: me.username }, "bot polling"),
  });
  logger.info("bot stopped");
}
