/**
 * Retrying a call to Kopek while it is unreachable or failing (network
 * error or timeout, as {@linkcode KopekUnreachable}; 5xx, 429), with bounded backoff. Only safe for idempotent
 * calls: the bot's writes carry an id derived from the Telegram message.
 *
 * @module
 */
import { KopekApiError, KopekUnreachable } from "./kopek_api.ts";

/**
 * True for failures worth retrying: Kopek unreachable or timing out
 * ({@linkcode KopekUnreachable}, raised by `KopekApi` only), 5xx or rate
 * limited. Any other error, a TypeError from a bug included, is not.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof KopekApiError) return error.status >= 500 || error.status === 429;
  return error instanceof KopekUnreachable;
}

/** How to retry. */
export interface RetryOptions {
  /** The pauses between attempts, in ms: their count bounds the retries. */
  readonly delaysMs: readonly number[];
  /** Called once, on the first transient failure (e.g. to tell the user). */
  readonly onFirstFailure?: (error: unknown) => Promise<void> | void;
  /** The pause (tests may shorten it). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `op`; on a transient failure waits and runs it again, up to
 * `delaysMs.length` more times, then rethrows the last error. Other errors
 * are rethrown at once.
 */
export async function withRetry<T>(op: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  for (let attempt = 0;; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (!isTransient(error) || attempt >= options.delaysMs.length) throw error;
      if (attempt === 0) await options.onFirstFailure?.(error);
      await sleep(options.delaysMs[attempt]);
    }
  }
}
