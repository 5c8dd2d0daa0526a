/**
 * What every feature of the bot shares, as a grammY context flavour: Kopek's
 * API (as the linked user), the chat state, the replies in the user's
 * language, the metrics, and the bot's settings. {@linkcode shareWith}
 * installs it on each update before any feature runs.
 *
 * @module
 */
import type { Context, MiddlewareFn } from "grammy";
import type { ModelFallback } from "../fallback/fallback.ts";
import type { ChatState } from "../state/chat_state.ts";
import type { Group, KopekApi } from "../service/kopek_api.ts";
import { langOf, type Messages, messages } from "../service/messages.ts";
import type { BotMetrics } from "../service/metrics.ts";
import type { MessageIds } from "../service/update_ids.ts";

/** The part of Kopek's API the bot calls (a {@linkcode KopekApi}; tests pass a fake). */
export type KopekPort = Pick<
  KopekApi,
  | "link"
  | "session"
  | "groups"
  | "group"
  | "categories"
  | "recordExpense"
  | "amendExpense"
  | "recordSettlement"
  | "voidExpense"
  | "voidSettlement"
  | "chats"
  | "balances"
  | "addAttachment"
>;

/** Who to tell about an entry, and what (in the reader's language). */
export interface Notice {
  /** The Telegram user who recorded it (its author). */
  readonly userId: number;
  readonly group: Group;
  /** The members the entry involves; the author is left out. */
  readonly memberIds: readonly string[];
  readonly what: (m: Messages) => string;
}

/** The same for every update: what the composition root passes in. */
export interface BotSettings {
  /** The ids of the entries recorded from a message (see {@linkcode MessageIds}). */
  readonly idOfMessage: MessageIds;
  /** The day of a Telegram date (unix seconds), or of the clock when absent. */
  readonly dayOf: (unixSeconds: number | undefined) => string;
  /** Pauses between retries of a Kopek write. */
  readonly retryDelaysMs: readonly number[];
  /** Errors the bot survives (counted, then handed to the process's logger). */
  readonly onError: (error: unknown, where: string) => void;
  /** A text not understood: the kind of the reason and the text's length, never the text. */
  readonly onNotUnderstood?: (reason: string, textLength: number) => void;
  /** Where the Bot API serves a file's bytes (its `file_path`); the URL holds the token. */
  readonly fileUrl: (filePath: string) => string;
  /** The clock (when an entry was recorded, for a receipt sent after it). */
  readonly now: () => Date;
  /** What the language model made of a text: `entry`, or why none (never the text). */
  readonly onModelGuess?: (outcome: string) => void;
}

/** What the handlers share, on the context. */
export interface KopekFlavor {
  /** Kopek's public API. */
  readonly kopek: KopekPort;
  /** The conversation state. */
  readonly chatState: ChatState;
  /** The bot's families on the process's registry, if any. */
  readonly metrics: BotMetrics | undefined;
  readonly settings: BotSettings;
  /** The language-model fallback (ADR 0068), when configured. */
  readonly fallback: ModelFallback | undefined;
  /** The replies in the sender's language (`/lang`, else Telegram's); read once per update. */
  messages(): Promise<Messages>;
  /** Who to tell about what this update recorded (delivered by the notifications feature). */
  readonly notices: Notice[];
}

/** The context every feature's handlers get. */
export type BotContext = Context & KopekFlavor;

/** What {@linkcode shareWith} puts on every context. */
export interface Shared {
  readonly kopek: KopekPort;
  readonly chatState: ChatState;
  readonly metrics: BotMetrics | undefined;
  readonly settings: BotSettings;
  readonly fallback: ModelFallback | undefined;
}

/** The middleware that gives every update the {@linkcode KopekFlavor}. */
export function shareWith(shared: Shared): MiddlewareFn<BotContext> {
  return function share(ctx, next) {
    let lang: Promise<Messages> | undefined;
    Object.assign(ctx, {
      ...shared,
      notices: [],
      messages: () => lang ??= messagesFor(shared.chatState, ctx),
    });
    return next();
  };
}

async function messagesFor(state: ChatState, ctx: Context): Promise<Messages> {
  const userId = ctx.from!.id;
  // The store down is no reason to stay silent: Telegram's language then.
  const prefs = await state.prefs(userId).catch(() => ({ lang: undefined }));
  return messages(prefs.lang ? langOf(prefs.lang) : langOf(ctx.from?.language_code));
}
