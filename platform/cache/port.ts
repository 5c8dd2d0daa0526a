/**
 * The cache and pub/sub port: what Kopek's services need from Valkey, narrow
 * enough that an in-process adapter can stand in for it.
 *
 * @module
 */

/**
 * A string cache with per-entry time to live. A cache is an optimisation:
 * adapters answer a miss (`null`) rather than fail when their store is
 * unreachable, and drop writes they cannot make.
 */
export interface Cache {
  /** The value stored at `key`, or `null` when missing, expired or unreachable. */
  get(key: string): Promise<string | null>;
  /**
   * Stores `value` at `key` for `ttlMs` milliseconds, replacing any value and
   * time to live it had. Throws a `RangeError` when `ttlMs` is not a positive
   * finite number; never throws because the store is unreachable.
   */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes the keys; missing keys are ignored. */
  delete(...keys: string[]): Promise<void>;
}

/**
 * Fire-and-forget messages on named channels. Delivery is at most once: a
 * subscriber misses what is published while its connection is down, so
 * consumers treat a message as a hint to re-read, not as the data itself.
 */
export interface PubSub {
  /**
   * Sends `message` to the channel's current subscribers; best effort. Answers how many received
   * it, where the adapter knows: Valkey's answer to `PUBLISH` (the connections subscribed to the
   * channel, one per bus however many subscriptions it holds, in every process), the in-process
   * bus's subscriptions; `null` when it does not (Valkey unreachable: nothing was sent).
   */
  publish(channel: string, message: string): Promise<number | null>;
  /**
   * Calls `onMessage` with each message published on `channel` after the
   * returned promise resolves, in publication order per publisher. Resolves
   * with the function that ends this subscription (calling it twice is
   * harmless). The subscription survives reconnections.
   */
  subscribe(
    channel: string,
    onMessage: (message: string) => void,
  ): Promise<() => Promise<void>>;
}

/** A fixed-window counter, the primitive behind rate limits. */
export interface WindowCounter {
  /**
   * Adds one to the counter at `key` and answers its new value. The first
   * increment starts a window of `windowMs` milliseconds; when it ends the
   * counter starts again from zero. Answers `null` when the store is
   * unreachable, so that the caller chooses to fail open or closed.
   */
  incrementWindow(key: string, windowMs: number): Promise<number | null>;
}

/** The result of a health check, in the shape `/readyz` reports. */
export interface BusHealth {
  /** Whether the bus works. */
  readonly ok: boolean;
  /** Why it does not, for an operator. */
  readonly detail?: string;
}

/** The cache, pub/sub and rate-limit counter of a process, with its lifecycle. */
export interface KeyValueBus extends Cache, PubSub, WindowCounter {
  /** `{ ok: true }` when connected, else `{ ok: false, detail }`; never throws. */
  health(): Promise<BusHealth>;
  /** Ends every subscription and releases connections; later calls do nothing. */
  close(): Promise<void>;
}
