/**
 * The bot in webhook mode, mounted on a Hono app: Telegram posts each update
 * to `path`, with the secret token it was given in `setWebhook`; a request
 * without it is refused (401) by grammY's adapter before any handler runs.
 *
 * @module
 */
import { type Bot, webhookCallback } from "grammy";
import type { Hono } from "hono";

/** Where and how the webhook listens. */
export interface WebhookOptions {
  /** The path Telegram posts to, e.g. `/telegram/webhook`. */
  readonly path: string;
  /** The secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token`. */
  readonly secretToken: string;
}

/**
 * Mounts the webhook route on `app` (routes are factories of their dependencies).
 *
 * @example
 * ```ts
 * telegramWebhook(bot, { path: "/telegram/webhook", secretToken })(app);
 * await bot.api.setWebhook(url, { secret_token: secretToken });
 * ```
 */
export function telegramWebhook(bot: Bot, options: WebhookOptions): (app: Hono) => void {
  const handle = webhookCallback(bot, "hono", {
    secretToken: options.secretToken,
    // Answer Telegram (200) before its own timeout while the handler runs on: Telegram counts
    // the update as delivered and does not retry it. Should Telegram redeliver an update anyway,
    // its derived ids make that harmless.
    onTimeout: "return",
    timeoutMilliseconds: 50_000,
  });
  return (app: Hono) => {
    app.post(options.path, (c) => handle(c));
  };
}

/** The path of the webhook URL (Telegram posts there). */
export function webhookPath(url: string): string {
  return new URL(url).pathname || "/";
}
