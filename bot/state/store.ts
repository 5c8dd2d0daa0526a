/**
 * The bot's chat state store: a small key-value port (JSON values, optional
 * time to live) with two adapters, in memory ({@linkcode createMemoryStore})
 * and Valkey (`valkey_store.ts`). Both pass the contract in
 * `store_contract.ts`. Unlike Kopek's cache, this store is the bot's record of
 * its conversations (the chosen group per chat, what undo voids, pending
 * questions, language and mute): a failed write is an error, never dropped.
 *
 * @module
 */

/** The chat state store port. */
export interface BotStore {
  /** The value under `key`, or undefined when absent or expired. */
  read<T>(key: string): Promise<T | undefined>;
  /** Stores `value` (JSON) under `key`, for `ttlSeconds` when given. */
  write(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  /** Removes `key` (nothing when absent). */
  delete(key: string): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** A store in this process's memory: a restart forgets it (fine without Valkey, and in tests). */
export function createMemoryStore(options: { now?: () => number } = {}): BotStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { json: string; expiresAt: number }>();
  return {
    read<T>(key: string) {
      const entry = entries.get(key);
      if (!entry) return Promise.resolve(undefined);
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return Promise.resolve(undefined);
      }
      // A copy, as from Valkey: callers never share a mutable value with the store.
      return Promise.resolve(JSON.parse(entry.json) as T);
    },
    write(key, value, ttlSeconds) {
      const expiresAt = ttlSeconds === undefined ? Infinity : now() + ttlSeconds * 1000;
      entries.set(key, { json: JSON.stringify(value), expiresAt });
      return Promise.resolve();
    },
    delete(key) {
      entries.delete(key);
      return Promise.resolve();
    },
    close() {
      entries.clear();
      return Promise.resolve();
    },
  };
}
