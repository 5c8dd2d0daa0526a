/**
 * Fixed-window rate limits over the {@linkcode WindowCounter} port: shared by
 * every process through Valkey, and kept per process while Valkey is
 * unreachable, so that an outage neither lifts the limits nor fails requests.
 *
 * @module
 */
import { sha256Hex } from "../digest.ts";
import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "../logger.ts";
import { createInProcessBus } from "../cache/in_process.ts";
import type { WindowCounter } from "../cache/port.ts";
import { problem, ProblemError } from "./problem.ts";

/** A limit: at most `limit` hits per subject in each window of `windowMs`. */
export interface RateRule {
  /** Names the limit in counter keys: letters, digits, `_`, `.`, `-`; unique per limit. */
  readonly name: string;
  /** Hits allowed per subject and window, a positive integer. */
  readonly limit: number;
  /** The window length in milliseconds, a positive integer. */
  readonly windowMs: number;
}

/** Options of {@linkcode createRateLimiter}. */
export interface RateLimiterOptions {
  /** The shared counter, usually the Valkey bus. */
  readonly counter: WindowCounter;
  /**
   * Counts while `counter` answers `null` (unreachable). Defaults to an
   * in-process counter: limits then hold per process during an outage.
   */
  readonly fallback?: WindowCounter;
  /** The clock, in milliseconds; tests pass a fake one. Defaults to `Date.now`. */
  readonly now?: () => number;
  /** Prepended to every counter key. Defaults to none (the Valkey bus has its own prefix). */
  readonly prefix?: string;
  /** Told when counting falls back to this process and when it is shared again. */
  readonly logger?: Logger;
}

/** Counts hits against rules. */
export interface RateLimiter {
  /**
   * Counts one hit of `subject` (any text: an address, an email, a user id)
   * against `rule`. Throws a {@linkcode ProblemError} 429 `rate_limited` with
   * `Retry-After` when the subject is over the limit in the current window.
   * Never throws because the shared counter is unreachable.
   */
  hit(rule: RateRule, subject: string): Promise<void>;
}

const RULE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Throws a `TypeError` unless `rule` is well formed: a programming error, found at start. */
export function assertRateRule(rule: RateRule): void {
  if (!RULE_NAME.test(rule.name)) {
    throw new TypeError(`rate rule name must match ${RULE_NAME}, got ${JSON.stringify(rule.name)}`);
  }
  if (!Number.isSafeInteger(rule.limit) || rule.limit < 1) {
    throw new TypeError(`rate rule ${rule.name}: limit must be a positive integer`);
  }
  if (!Number.isSafeInteger(rule.windowMs) || rule.windowMs < 1) {
    throw new TypeError(`rate rule ${rule.name}: windowMs must be a positive integer`);
  }
}

/** Subjects may be secrets or personal data (emails): keys carry their digest only. */
function digest(subject: string): string {
  return sha256Hex(subject);
}

/**
 * Creates a rate limiter. Windows are fixed and aligned on the clock
 * (`floor(now / windowMs)`), and the window index is part of the counter
 * key, so every process agrees on when a window ends without asking the
 * counter, and `Retry-After` is the time left in it. As with any fixed
 * window, a subject can make up to twice `limit` hits around a window
 * boundary; processes whose clocks differ count a boundary's hits apart.
 *
 * While `counter` answers `null` the hits are counted by `fallback` instead,
 * which starts from zero: each process then allows `limit` per window.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ counter: bus, logger });
 * const login = { name: "login", limit: 10, windowMs: 60_000 };
 * await limiter.hit(login, email.toLowerCase());
 * ```
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const prefix = options.prefix ?? "";
  const fallback = options.fallback ?? createInProcessBus({ now });
  const logger = options.logger?.child({ component: "rate-limit" });
  // Per limiter, to log an outage once rather than on every hit.
  let degraded = false;

  async function count(key: string, windowMs: number): Promise<number | null> {
    let shared: number | null;
    try {
      shared = await options.counter.incrementWindow(key, windowMs);
    } catch (error) {
      // The port answers null rather than throw; a throwing adapter is a bug,
      // but a request must not fail for it either.
      logger?.error({ err: error }, "rate-limit counter failed; counting in this process");
      shared = null;
    }
    if (shared !== null) {
      if (degraded) {
        degraded = false;
        logger?.info("rate limits are shared again");
      }
      return shared;
    }
    if (!degraded) {
      degraded = true;
      logger?.warn("rate-limit counter unreachable; limits are counted per process");
    }
    return await fallback.incrementWindow(key, windowMs);
  }

  return {
    async hit(rule, subject) {
      assertRateRule(rule);
      const t = now();
      const window = Math.floor(t / rule.windowMs);
      const key = `${prefix}rl:${rule.name}:${window}:${digest(subject)}`;
      const n = await count(key, rule.windowMs);
      if (n === null) {
        // Only a closed fallback answers null (shutdown): let the request
        // through, but not silently.
        logger?.error({ rule: rule.name }, "no rate-limit counter answered; hit not limited");
        return;
      }
      if (n <= rule.limit) return;
      const windowEnd = (window + 1) * rule.windowMs;
      const retryAfter = Math.max(1, Math.ceil((windowEnd - t) / 1000));
      throw new ProblemError(
        problem(429, `too many requests: retry in ${retryAfter} s`, { code: "rate_limited" }),
        { "Retry-After": String(retryAfter) },
      );
    },
  };
}

/**
 * Middleware counting each request against `rule` for the subject that
 * `subjectOf` names (`null`: the request is not limited). Over the limit it
 * throws the 429 that `errorHandler` renders, so it must run inside the app
 * whose `onError` is `errorHandler`.
 *
 * @example
 * ```ts
 * const perAddress = { name: "writes", limit: 120, windowMs: 60_000 };
 * app.use("/v1/*", rateLimit(limiter, perAddress, (c) => clientAddress(c, { trustProxy })));
 * ```
 */
export function rateLimit(
  limiter: RateLimiter,
  rule: RateRule,
  subjectOf: (c: Context) => string | null | Promise<string | null>,
): MiddlewareHandler {
  assertRateRule(rule);
  return async function rateLimit(c, next) {
    const subject = await subjectOf(c);
    if (subject !== null) await limiter.hit(rule, subject);
    await next();
  };
}
