/**
 * The language model's budget (ADR 0068): calls per Telegram user per hour
 * and calls per day for the whole bot, counted by the platform's fixed-window
 * rate limiter over the bot's state store (Valkey when configured, so that
 * every bot instance shares one budget; memory otherwise). Over either, the
 * model is not asked and the rules' reply stands.
 *
 * @module
 */
import { createRateLimiter, ProblemError, type RateRule } from "@kopek/platform";
import type { BotStore } from "../state/store.ts";

/** How many calls are allowed. */
export interface BudgetLimits {
  /** Per Telegram user and clock hour. */
  readonly userHourly: number;
  /** For everyone together, per UTC day. */
  readonly daily: number;
}

/** Takes one call from the budget. */
export interface ModelBudget {
  /** True (and counted) when `userId` may cause one more call now. */
  take(userId: number): Promise<boolean>;
}

/** The budget, counted in `store`. */
export function modelBudget(
  store: BotStore,
  limits: BudgetLimits,
  now: () => number = Date.now,
): ModelBudget {
  const limiter = createRateLimiter({
    // The store fails loudly; the limiter then counts in this process (its own fallback).
    counter: { incrementWindow: (key, windowMs) => store.count(key, windowMs).catch(() => null) },
    now,
    prefix: "llm:",
  });
  const perUser: RateRule = { name: "bot_llm_user", limit: limits.userHourly, windowMs: 3600_000 };
  const perDay: RateRule = { name: "bot_llm_day", limit: limits.daily, windowMs: 86_400_000 };
  const within = async (rule: RateRule, subject: string) => {
    try {
      await limiter.hit(rule, subject);
      return true;
    } catch (error) {
      if (error instanceof ProblemError) return false;
      throw error;
    }
  };
  return {
    async take(userId) {
      return await within(perUser, String(userId)) && await within(perDay, "all");
    },
  };
}
