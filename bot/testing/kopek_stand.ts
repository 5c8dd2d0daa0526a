/**
 * What a bot test runs against: a fresh database, the Telegram Bot API
 * stand-in, and an all-in-one Kopek on that database (rate limits off, the
 * bot's service key {@linkcode BOT_KEY}). Dispose it to stop all three.
 *
 * @module
 */
import { createTestDatabase, type TestDatabase } from "@kopek/platform/testing";
import type { Running } from "../../cli/start.ts";
import { startForTest } from "@kopek/testing";
import { startTelegramStandIn, type TelegramStandIn } from "./telegram_stand_in.ts";

/** The bot's service key in tests. */
export const BOT_KEY = "a-bot-service-key-that-is-long-enough-123";

/** A running Kopek and Telegram stand-in for one test. */
export interface BotStand extends AsyncDisposable {
  readonly db: TestDatabase;
  readonly telegram: TelegramStandIn;
  readonly running: Running;
}

/** Starts the stand; `env` adds variables for Kopek (it may name the stand-in's `apiRoot`). */
export async function startBotStand(
  env: (telegram: TelegramStandIn) => Record<string, string> = () => ({}),
): Promise<BotStand> {
  const db = await createTestDatabase();
  const telegram = startTelegramStandIn();
  let running: Running;
  try {
    running = await startForTest(db.url, {
      KOPEK_BOT_API_KEY: BOT_KEY,
      KOPEK_RATE_LIMITS: "off",
      ...env(telegram),
    });
  } catch (e) {
    await telegram[Symbol.asyncDispose]();
    await db[Symbol.asyncDispose]();
    throw e;
  }
  return {
    db,
    telegram,
    running,
    async [Symbol.asyncDispose]() {
      await running.stop();
      await telegram[Symbol.asyncDispose]();
      await db[Symbol.asyncDispose]();
    },
  };
}
