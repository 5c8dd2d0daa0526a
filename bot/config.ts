/**
 * The bot's configuration, from the environment: the Telegram token, where
 * Kopek's API is, the bot's service key, the chat state store (Valkey or
 * memory), the webhook (or long polling) and the log level.
 *
 * @module
 */
import { z } from "zod";
import { ConfigFields, ServerConfigFields } from "@kopek/platform";

/** The language-model fallback's variables (ADR 0068), read by the bot and the all-in-one. */
export const BotLlmFields = {
  KOPEK_BOT_LLM_URL: ConfigFields.KOPEK_BOT_LLM_URL,
  KOPEK_BOT_LLM_MODEL: ConfigFields.KOPEK_BOT_LLM_MODEL,
  KOPEK_BOT_LLM_KEY: ConfigFields.KOPEK_BOT_LLM_KEY,
  KOPEK_BOT_LLM_TIMEOUT_MS: ConfigFields.KOPEK_BOT_LLM_TIMEOUT_MS,
  KOPEK_BOT_LLM_USER_HOURLY: ConfigFields.KOPEK_BOT_LLM_USER_HOURLY,
  KOPEK_BOT_LLM_DAILY: ConfigFields.KOPEK_BOT_LLM_DAILY,
};

/** A fallback URL without a model is a mistake to show at start. */
export function llmModelGiven(
  c: { KOPEK_BOT_LLM_URL?: string; KOPEK_BOT_LLM_MODEL?: string },
): boolean {
  return !c.KOPEK_BOT_LLM_URL || !!c.KOPEK_BOT_LLM_MODEL;
}

/** The message and path of {@linkcode llmModelGiven}'s refusal. */
export const LLM_MODEL_REQUIRED = {
  error: "KOPEK_BOT_LLM_MODEL is required with KOPEK_BOT_LLM_URL",
  path: ["KOPEK_BOT_LLM_MODEL"],
};

/** The variables the bot reads. */
export const BotConfig = z.object({
  /** The bot token from BotFather. */
  KOPEK_TELEGRAM_TOKEN: z.string({ error: "is required (the token from BotFather)" })
    .regex(/^\d+:[\w-]+$/, { error: "must look like 123456:ABC-DEF…" }),
  /** The Telegram Bot API root: Telegram's, or a local Bot API server. */
  KOPEK_TELEGRAM_API_ROOT: z.url({ error: "must be a URL" }).default("https://api.telegram.org"),
  /** Kopek's public API origin (the bot never touches the database). */
  KOPEK_API_URL: z.url({ error: "must be a URL" }).default("http://127.0.0.1:8080"),
  /** The bot's service key, shared with Kopek. */
  KOPEK_BOT_API_KEY: z.string({ error: "is required (at least 32 characters)" })
    .min(32, { error: "must be at least 32 characters" }),
  /** Where the chat state lives across restarts; in memory when unset. */
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  /** The public HTTPS URL Telegram posts updates to; long polling when unset. */
  KOPEK_TELEGRAM_WEBHOOK_URL: z.url({ error: "must be a URL" }).optional(),
  /** The secret Telegram sends back in `X-Telegram-Bot-Api-Secret-Token` (webhook mode). */
  KOPEK_TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, {
    error: "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -",
  }).optional(),
  /** The separate bot process's port: `/healthz`, `/readyz`, `/metrics`, and the webhook in webhook mode. */
  KOPEK_BOT_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  ...BotLlmFields,
  ...ServerConfigFields,
}).refine((c) => !c.KOPEK_TELEGRAM_WEBHOOK_URL || c.KOPEK_TELEGRAM_WEBHOOK_SECRET, {
  error: "KOPEK_TELEGRAM_WEBHOOK_SECRET is required with KOPEK_TELEGRAM_WEBHOOK_URL",
  path: ["KOPEK_TELEGRAM_WEBHOOK_SECRET"],
}).refine(llmModelGiven, LLM_MODEL_REQUIRED);

/** The parsed configuration. */
export type BotConfig = z.infer<typeof BotConfig>;
