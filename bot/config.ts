/**
 * The bot's configuration, from the environment: the Telegram token, where
 * Kopek's API is, the bot's service key and the log level.
 *
 * @module
 */
import { z } from "zod";
import { ConfigFields } from "@kopek/platform";

/** The variables the bot reads. */
export const BotConfig = z.object({
  /** The bot token from BotFather. */
  KOPEK_TELEGRAM_TOKEN: z.string({ error: "is required (the token from BotFather)" })
    .regex(/^\d+:[\w-]+$/, { error: "must look like 123456:ABC-DEF…" }),
  /** Kopek's public API origin (the bot never touches the database). */
  KOPEK_API_URL: z.url({ error: "must be a URL" }).default("http://127.0.0.1:8080"),
  /** The bot's service key, shared with Kopek. */
  KOPEK_BOT_API_KEY: z.string({ error: "is required (at least 32 characters)" })
    .min(32, { error: "must be at least 32 characters" }),
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
});

/** The parsed configuration. */
export type BotConfig = z.infer<typeof BotConfig>;
