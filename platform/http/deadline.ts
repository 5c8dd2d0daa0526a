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
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = next();
    const expired = new Promise<"expired">((resolve) => {
      timer = setTimeout(() => resolve("expired"), options.ms);
    });
    try {
      const outcome = await Promise.race([run.then(() => "answered" as const), expired]);
      if (outcome === "answered") return;
    } finally {
      clearTimeout(timer);
    }
    // Hono answers a handler's error itself; anything left is settled here, not unhandled.
    run.catch(() => {});
    options.onExpired?.(c);
    throw databaseUnavailable(
      `the request was not done within ${options.ms / 1000} s: retry it (a write retried with ` +
        "the same id answers its result if it was done meanwhile)",
    );
  };
}
