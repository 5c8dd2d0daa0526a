/**
 * Exponential backoff with full jitter, and an abortable sleep.
 *
 * @module
 */

/** How retries are spaced. */
export interface BackoffOptions {
  /** The first retry's ceiling, in ms (default 1,000). */
  readonly baseMs?: number;
  /** The largest ceiling, in ms (default 300,000: five minutes). */
  readonly maxMs?: number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): a uniform
 * draw in [0, min(maxMs, baseMs · 2^attempt)) — "full jitter", which spreads
 * many clients' retries out instead of having them hit a recovering server
 * together. `random` returns a number in [0, 1), like `Math.random`.
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseMs: 1000 }, () => 0.5); // 4000
 * ```
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const baseMs = options.baseMs ?? 1_000;
  const maxMs = options.maxMs ?? 300_000;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 52));
  return Math.floor(random() * ceiling);
}

/** Waits `ms`, or less if `signal` aborts (then it resolves, it does not reject). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
