/**
 * The in-process adapter of the cache and pub/sub port, for the all-in-one
 * process without Valkey: a map with expiry and a callback fan-out.
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import { assertPositiveMs } from "./_validate.ts";
import type { BusHealth, KeyValueBus } from "./port.ts";

/** Options of {@linkcode createInProcessBus}. */
export interface InProcessBusOptions {
  /** The clock, in milliseconds; tests pass a fake one. Defaults to `Date.now`. */
  readonly now?: () => number;
  /** Where a subscriber's exception is reported; it is swallowed without one. */
  readonly logger?: Logger;
  /** Expired entries are swept once this many writes have happened. Defaults to 1000. */
  readonly sweepEvery?: number;
}

/** A promise rejected with the `RangeError`, as the port requires, or undefined. */
function rejectUnlessPositive(name: string, ms: number): Promise<never> | undefined {
  try {
    assertPositiveMs(name, ms);
  } catch (error) {
    return Promise.reject(error);
  }
}

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

/**
 * Creates a bus that lives in this process only. Messages are delivered on a
 * later microtask, as a network bus would, in publication order.
 *
 * @example
 * ```ts
 * const bus = createInProcessBus();
 * await bus.set("rate:EUR:USD:2025-01-02", "1.0321", 60_000);
 * const stop = await bus.subscribe("positions", (m) => console.log(m));
 * await bus.publish("positions", "42");
 * await stop();
 * ```
 */
export function createInProcessBus(options: InProcessBusOptions = {}): KeyValueBus {
  const now = options.now ?? Date.now;
  const sweepEvery = options.sweepEvery ?? 1000;
  const entries = new Map<string, Entry>();
  const counters = new Map<string, { count: number; resetAt: number }>();
  const channels = new Map<string, Set<(message: string) => void>>();
  let writes = 0;
  let closed = false;

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  // Lazy expiry keeps memory bounded only for keys that are read again; the
  // sweep covers the others without a timer that would outlive the bus.
  const noteWrite = () => {
    if (++writes % sweepEvery !== 0) return;
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
    for (const [key, counter] of counters) if (counter.resetAt <= t) counters.delete(key);
  };

  const deliver = (handler: (message: string) => void, channel: string, message: string) => {
    try {
      handler(message);
    } catch (error) {
      options.logger?.error({ err: error, channel }, "cache bus subscriber failed");
    }
  };

  return {
    get(key) {
      return Promise.resolve(live(key)?.value ?? null);
    },

    set(key, value, ttlMs) {
      const invalid = rejectUnlessPositive("ttlMs", ttlMs);
      if (invalid) return invalid;
      if (!closed) {
        entries.set(key, { value, expiresAt: now() + ttlMs });
        noteWrite();
      }
      return Promise.resolve();
    },

    delete(...keys) {
      for (const key of keys) entries.delete(key);
      return Promise.resolve();
    },

    incrementWindow(key, windowMs) {
      const invalid = rejectUnlessPositive("windowMs", windowMs);
      if (invalid) return invalid;
      if (closed) return Promise.resolve(null);
      const t = now();
      let counter = counters.get(key);
      if (!counter || counter.resetAt <= t) {
        counter = { count: 0, resetAt: t + windowMs };
        counters.set(key, counter);
        noteWrite();
      }
      return Promise.resolve(++counter.count);
    },

    publish(channel, message) {
      const handlers = channels.get(channel);
      if (!handlers || closed) return Promise.resolve(0);
      // Snapshot now: a subscriber added after publish() must not receive it.
      for (const handler of [...handlers]) {
        queueMicrotask(() => {
          if (channels.get(channel)?.has(handler)) deliver(handler, channel, message);
        });
      }
      return Promise.resolve(handlers.size);
    },

    subscribe(channel, onMessage) {
      // Each call is its own subscription, even with the same function.
      const handler = (message: string) => onMessage(message);
      if (closed) return Promise.resolve(() => Promise.resolve());
      let handlers = channels.get(channel);
      if (!handlers) channels.set(channel, handlers = new Set());
      handlers.add(handler);
      return Promise.resolve(() => {
        const current = channels.get(channel);
        if (current?.delete(handler) && current.size === 0) channels.delete(channel);
        return Promise.resolve();
      });
    },

    health(): Promise<BusHealth> {
      return Promise.resolve(closed ? { ok: false, detail: "closed" } : { ok: true });
    },

    close() {
      closed = true;
      channels.clear();
      entries.clear();
      counters.clear();
      return Promise.resolve();
    },
  };
}
