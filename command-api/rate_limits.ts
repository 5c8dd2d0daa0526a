/**
 * The command side's rate limits: what is counted, per what, and how much.
 * Login counts per address *and* account, so that a brute-force run from one
 * address is cut off without locking the account's owner out elsewhere, plus
 * a looser limit per address against spraying many accounts.
 *
 * @module
 */
import type { Context } from "hono";
import {
  clientAddress,
  createInProcessBus,
  createRateLimiter,
  type RateLimiter,
  type RateRule,
} from "@kopek/platform";
import type { CommandApiDeps } from "./deps.ts";

/** Every limit of the command side. */
export interface RateLimitPolicy {
  /** Login attempts per (address, email). */
  readonly login: RateRule;
  /** Login attempts per address, whatever the email. */
  readonly loginPerAddress: RateRule;
  /** Registrations per address. */
  readonly register: RateRule;
  /** Refreshes and logouts per address. */
  readonly refresh: RateRule;
  /** Writes per user (a sync batch counts once per command). */
  readonly writes: RateRule;
  /** Guesses at one-time codes (invites, Telegram links) per user or Telegram user. */
  readonly codes: RateRule;
  /** Guest sessions opened per guest link (ADR 0059). */
  readonly guestSessions: RateRule;
  /** Password reset requests and confirmations per address (ADR 0060). */
  readonly passwordReset: RateRule;
  /** Reports of the PWA's uncaught errors per address, and per user when signed in. */
  readonly clientErrors: RateRule;
  /** Reports of the PWA's uncaught errors from everyone: bounds the log lines they make. */
  readonly clientErrorsAll: RateRule;
}

const MINUTE = 60_000;

/** The limits Kopek ships with. */
export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  login: { name: "login", limit: 10, windowMs: 15 * MINUTE },
  loginPerAddress: { name: "login-address", limit: 100, windowMs: 15 * MINUTE },
  register: { name: "register", limit: 20, windowMs: 60 * MINUTE },
  refresh: { name: "refresh", limit: 120, windowMs: MINUTE },
  writes: { name: "writes", limit: 600, windowMs: MINUTE },
  codes: { name: "codes", limit: 20, windowMs: 15 * MINUTE },
  guestSessions: { name: "guest-sessions", limit: 60, windowMs: 15 * MINUTE },
  passwordReset: { name: "password-reset", limit: 10, windowMs: 15 * MINUTE },
  clientErrors: { name: "client-errors", limit: 10, windowMs: MINUTE },
  clientErrorsAll: { name: "client-errors-all", limit: 300, windowMs: MINUTE },
};

/** The limits of a command API and the means to count them. */
export interface Limits {
  /** Counts one hit of `rule` for `subject`; throws a 429 problem over the limit. */
  hit(rule: keyof RateLimitPolicy, subject: string): Promise<void>;
  /** The caller's address (the proxy's last hop when trusted). */
  address(c: Context): string;
}

/** The limits of the command API from its dependencies. */
export function createLimits(deps: CommandApiDeps): Limits {
  const policy = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  const limiter: RateLimiter | null = deps.rateLimiter === undefined
    ? createRateLimiter({ counter: createInProcessBus(), logger: deps.logger })
    : deps.rateLimiter;
  const trustProxy = deps.trustProxy ?? false;
  return {
    hit: (rule, subject) => limiter ? limiter.hit(policy[rule], subject) : Promise.resolve(),
    address: (c) => clientAddress(c, { trustProxy }),
  };
}
