/**
 * The Valkey adapter of the bot's chat state store ({@linkcode BotStore}), on
 * ioredis: the bot's state survives a restart. Writes wait for Valkey's
 * answer (bounded by `commandTimeoutMs`) and fail loudly when it is down: the
 * caller decides what that means (the bot logs it and carries on; the ledger
 * itself is in Kopek).
 *
 * @module
 */
import { Redis } from "ioredis";
import type { BotStore } from "./store.ts";

/** Options of {@linkcode createValkeyStore}. */
export interface ValkeyStoreOptions {
  /** Prepended to every key; defaults to `"kopek:bot:"`. */
  readonly prefix?: string;
  /** How long one call may take. Defaults to 2000 ms. */
  readonly commandTimeoutMs?: number;
}

/**
 * Connects to Valkey at `url` (`redis://…`). Resolves at once; calls wait for
 * the connection (ioredis queues them) up to `commandTimeoutMs`.
 *
 * @example
 * ```ts
 * const store = config.KOPEK_VALKEY_URL
 *   ? createValkeyStore(config.KOPEK_VALKEY_URL)
 *   : createMemoryStore();
 * ```
 */
export function createValkeyStore(url: string, options: ValkeyStoreOptions = {}): BotStore {
  const prefix = options.prefix ?? "kopek:bot:";
  const redis = new Redis(url, {
    commandTimeout: options.commandTimeoutMs ?? 2000,
    maxRetriesPerRequest: 2,
    connectionName: "kopek-bot",
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  });
  // ioredis reports connection errors as events; calls fail on their own.
  redis.on("error", () => {});
  return {
    async read<T>(key: string) {
      const json = await redis.get(prefix + key);
      return json === null ? undefined : JSON.parse(json) as T;
    },
    async write(key, value, ttlSeconds) {
      const json = JSON.stringify(value);
      if (ttlSeconds === undefined) await redis.set(prefix + key, json);
      else await redis.set(prefix + key, json, "EX", Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
