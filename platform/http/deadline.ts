/**
 * A bound on how long a request may take to be answered: past it the client
 * gets 503 `database_unavailable` with `Retry-After` instead of a hang
 * (ADR 0023). The handler is not stopped: a write that commits later is
 * kept, and its retry with the same id answers the kept result (the command
 * log), so the 503 is always safe to retry.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { databaseUnavailable } from "./errors.ts";

/** What {@linkcode settleWithin} answers when the time ran out first. */
export const EXPIRED: unique symbol = Symbol("expired");

/**
 * `p`'s value, or {@linkcode EXPIRED} once `ms` passed first (`p` goes on;
 * a failure it has after that is ignored). A failure within `ms` rejects.
 */
export async function settleWithin<T>(p: Promise<T>, ms: number): Promise<T | typeof EXPIRED> {
  if (ms <= 0) {
    p.catch(() => {});
    return EXPIRED;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<typeof EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(EXPIRED), ms);
  });
  try {
    const outcome = await Promise.race([p, expired]);
    if (outcome === EXPIRED) p.catch(() => {});
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

/** Options of {@linkcode requestDeadline}. */
export interface RequestDeadlineOptions {
  /** How long a request may take, in ms. */
  readonly ms: number;
  /** Which requests are bounded (default: all). */
  readonly applies?: (c: Context) => boolean;
  /** Told when a request ran past the bound (its handler goes on). */
  readonly onExpired?: (c: Context) => void;
}

/** Answers 503 `database_unavailable` when the rest of the chain takes longer than `ms`. */
export function requestDeadline(options: RequestDeadlineOptions): MiddlewareHandler {
  return async function deadline(c, next) {
    if (options.applies && !options.applies(c)) return await next();
    // Hono answers a handler's error itself; a late failure is ignored by settleWithin.
    if ((await settleWithin(next(), options.ms)) !== EXPIRED) return;
    options.onExpired?.(c);
    throw databaseUnavailable(
      `the request was not done within ${options.ms / 1000} s: retry it (a write retried with ` +
        "the same id answers its result if it was done meanwhile)",
    );
  };
}
