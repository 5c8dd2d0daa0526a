/**
 * The Telegram bot: grammY composers, one per feature (`bot/features/`), that
 * link a Telegram user to a Kopek account, pick a group per chat, record
 * expenses and settlements said in words (with Undo/Edit buttons, and a
 * question with buttons instead of a guess when a message is ambiguous),
 * show balances and the settle-up plan, and notify the other members an
 * expense involves. It talks only to Kopek's public API (`KopekApi`),
 * as the linked user. This file only composes them (ADR 0047).
 *
 * Durability: the conversation state lives in a {@linkcode BotStore} (Valkey
 * survives restarts); an entry's id is derived from the Telegram message, so
 * a redelivered update or a retry never records twice; while Kopek is down
 * the bot retries with bounded backoff and never says "recorded" before
 * Kopek answered; Telegram's 429/5xx/network failures are retried by
 * `@grammyjs/auto-retry`; a failing handler is caught by `bot.catch`.
 *
 * @module
 */
import { Bot, type BotError, type Composer } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { inSpan, SpanKind, tracingEnabled } from "@kopek/platform";
import type { Registry } from "prom-client";
import { type BotContext, type KopekPort, shareWith } from "../features/context.ts";
import { groups } from "../features/groups.ts";
import { linking } from "../features/linking.ts";
import { notifications } from "../features/notifications.ts";
import { preferences } from "../features/preferences.ts";
import { questions } from "../features/questions.ts";
import { receipts } from "../features/receipts.ts";
import { recording } from "../features/recording.ts";
import { settle } from "../features/settle.ts";
import { undoEdit } from "../features/undo_edit.ts";
import type { ModelFallback } from "../fallback/fallback.ts";
import { ChatState } from "../state/chat_state.ts";
import { type BotStore, createMemoryStore } from "../state/store.ts";
import { messages } from "./messages.ts";
import { botMetrics } from "./metrics.ts";
import { messageIds } from "./update_ids.ts";

/** How to build the bot. */
export interface BotOptions {
  /** The bot token from BotFather. */
  readonly token: string;
  /** The Telegram Bot API root (default `https://api.telegram.org`); tests point it at a stand-in. */
  readonly apiRoot?: string;
  /** Kopek's API (a `KopekApi`; tests pass a fake). */
  readonly kopek: KopekPort;
  /**
   * The secret in the ids of the entries the bot records (the bot's service
   * key, `KOPEK_BOT_API_KEY`): the same message always gives the same id, and
   * no one without the secret can compute it beforehand.
   */
  readonly idSecret: string;
  /** The clock (the fallback "today" when an update carries no date). */
  readonly now: () => Date;
  /** The conversation state; in memory when absent. */
  readonly store?: BotStore;
  /** Pauses between retries of a Kopek write (default 1, 2, 4, 8 s: about 15 s in all). */
  readonly retryDelaysMs?: readonly number[];
  /** How long a Telegram call may take (default 30 s). */
  readonly telegramTimeoutSeconds?: number;
  /** Receives handler errors (bot.catch) and failed notifications; the bot keeps going. */
  readonly onError?: (error: unknown, where: string) => void;
  /** The process's Prometheus registry: updates, parse outcomes and errors are counted on it. */
  readonly metrics?: Registry;
  /**
   * Told of each text not understood: the kind of the parser's reason (`reasonKind`)
   * and the text's length, never the text.
   */
  readonly onNotUnderstood?: (reason: string, textLength: number) => void;
  /**
   * The language-model fallback for texts the rules cannot read (ADR 0068); none by default.
   * Its guesses are always asked back with confirm/cancel buttons, never recorded directly.
   */
  readonly fallback?: ModelFallback;
  /** Told what the fallback made of each text it was asked about (never the text). */
  readonly onModelGuess?: (outcome: string) => void;
}

/** The help text of `/help`, in English. */
export const HELP = messages("en").help;

/** Builds the bot; call `bot.init()` (getMe) before `handleUpdate`, or `bot.start()` to poll. */
export function createBot(options: BotOptions): Bot {
  return plain(botWith(options, [
    // Outermost: delivers what the features below recorded, once they are done.
    notifications(),
    linking(),
    groups(),
    preferences(),
    settle(),
    undoEdit(),
    questions(),
    receipts(),
    // Last: it takes every text the others left (and answers unknown commands).
    recording(),
  ]));
}

/**
 * The bot as callers see it: a plain `Bot` they feed updates to (`init`,
 * `handleUpdate`, `start`, a webhook). Safe, as everything a caller may hand
 * it for a `Context` works on the richer {@linkcode BotContext}; only the
 * checker's view of `errorHandler` (a contravariant property) objects.
 */
export function plain(bot: Bot<BotContext>): Bot {
  return bot as unknown as Bot;
}

/**
 * A bot running `features` in order, each update under one error boundary,
 * with the shared context ({@linkcode BotContext}); tests build one from a
 * single feature.
 */
export function botWith(
  options: BotOptions,
  features: readonly Composer<BotContext>[],
): Bot<BotContext> {
  const counted = options.metrics ? botMetrics(options.metrics) : undefined;
  const onError = (error: unknown, where: string) => {
    counted?.error(error);
    options.onError?.(error, where);
  };
  const bot = new Bot<BotContext>(options.token, {
    client: {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      timeoutSeconds: options.telegramTimeoutSeconds ?? 30,
    },
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  const report = (error: BotError<BotContext>) =>
    onError(error.error, `update ${error.ctx.update.update_id}`);
  bot.catch(report);
  if (counted) {
    bot.use((ctx, next) => {
      counted.update(Object.keys(ctx.update).find((k) => k !== "update_id") ?? "other");
      return next();
    });
  }
  // Every handler runs under this boundary: an error is reported and the update counts as
  // handled, in polling, webhook (no 500 for Telegram to redeliver forever) and tests alike.
  // Traced (ADR 0037): each update in its span; Deno's fetch carries its context to the
  // Kopek API (a `traceparent` header). Tracing off: nothing is added.
  if (tracingEnabled) {
    bot.use((ctx, next) =>
      inSpan("telegram update", {
        kind: SpanKind.CONSUMER,
        attributes: { "kopek.telegram.update": updateKind(ctx.update) },
      }, () => next())
    );
  }
  const { now } = options;
  bot.use(shareWith({
    kopek: options.kopek,
    chatState: new ChatState(options.store ?? createMemoryStore()),
    metrics: counted,
    settings: {
      idOfMessage: messageIds(options.idSecret),
      dayOf: (unixSeconds) =>
        (unixSeconds ? new Date(unixSeconds * 1000) : now()).toISOString().slice(0, 10),
      retryDelaysMs: options.retryDelaysMs ?? [1000, 2000, 4000, 8000],
      onError,
      onNotUnderstood: options.onNotUnderstood,
      now,
      onModelGuess: options.onModelGuess,
      fileUrl: (path) =>
        `${options.apiRoot ?? "https://api.telegram.org"}/file/bot${options.token}/${path}`,
    },
    fallback: options.fallback,
  }));
  bot.errorBoundary(report, ...features);
  return bot;
}

/** The kind of a Telegram update (`message`, `callback_query`, …): a bounded span attribute. */
function updateKind(update: object): string {
  for (const key of Object.keys(update)) if (key !== "update_id") return key.slice(0, 40);
  return "unknown";
}
