/**
 * A bot made of some of the features, for their unit tests: the features
 * composed as `createBot` composes them (shared context, error boundary),
 * talking to the Telegram stand-in and a {@linkcode fakeKopek}. Updates go
 * through grammY's own `handleUpdate`. Dispose it to stop the stand-in.
 *
 * @module
 */
import type { Bot, Composer } from "grammy";
import { Registry } from "prom-client";
import type { BotContext } from "../features/context.ts";
import type { ModelFallback } from "../fallback/fallback.ts";
import { botWith, plain } from "../service/bot.ts";
import { type BotStore, createMemoryStore } from "../state/store.ts";
import { ChatState } from "../state/chat_state.ts";
import { TelegramUser } from "./conversation.ts";
import { ANA, BOB, type FakeKopek, fakeKopek } from "./fake_kopek.ts";
import { STAND_IN_BOT, startTelegramStandIn, type TelegramStandIn } from "./telegram_stand_in.ts";

/** A bot of some features and what it talks to. */
export interface FeatureBot extends AsyncDisposable {
  readonly bot: Bot;
  readonly telegram: TelegramStandIn;
  readonly kopek: FakeKopek;
  /** The bot's state (the same store the bot uses). */
  readonly state: ChatState;
  /** That store (a test may break some of its operations). */
  readonly store: BotStore;
  /** The process's registry the bot counts on. */
  readonly registry: Registry;
  /** What the bot reported (its `onError`), with where. */
  readonly errors: { error: unknown; where: string }[];
  /** The texts not understood, as reported: [reason kind, length]. */
  readonly notUnderstood: [string, number][];
  /** What the language model made of each text it was asked about. */
  readonly modelGuesses: string[];
  /** Ana and Bob in their private chats with the bot. */
  readonly ana: TelegramUser;
  readonly bob: TelegramUser;
}

/** A bot running `features` (in this order) against a fresh fake Kopek and Telegram stand-in. */
export function featureBot(
  features: readonly Composer<BotContext>[],
  options: { store?: BotStore; fallback?: ModelFallback; now?: () => Date } = {},
): FeatureBot {
  const telegram = startTelegramStandIn();
  const kopek = fakeKopek();
  const store = options.store ?? createMemoryStore();
  const registry = new Registry();
  const errors: FeatureBot["errors"] = [];
  const notUnderstood: FeatureBot["notUnderstood"] = [];
  const modelGuesses: string[] = [];
  const bot = plain(botWith({
    token: "1000:stand-in-token",
    apiRoot: telegram.apiRoot,
    kopek,
    idSecret: "a-secret-for-the-ids-of-bot-entries",
    now: options.now ?? (() => new Date("2026-12-05T12:00:00Z")),
    store,
    retryDelaysMs: [1, 1],
    metrics: registry,
    onError: (error, where) => void errors.push({ error, where }),
    onNotUnderstood: (reason, length) => void notUnderstood.push([reason, length]),
    fallback: options.fallback,
    onModelGuess: (outcome) => void modelGuesses.push(outcome),
  }, features));
  bot.botInfo = STAND_IN_BOT as typeof bot.botInfo;
  return {
    bot,
    telegram,
    kopek,
    state: new ChatState(store),
    store,
    registry,
    errors,
    notUnderstood,
    modelGuesses,
    ana: new TelegramUser(ANA, bot, telegram),
    bob: new TelegramUser(BOB, bot, telegram),
    async [Symbol.asyncDispose]() {
      await telegram[Symbol.asyncDispose]();
    },
  };
}
