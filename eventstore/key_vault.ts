/**
 * Where the per-account data keys live (crypto-shredding, ADR 0044): beside
 * the log, never in it, so that deleting a key erases what was sealed with
 * it while the log stays append-only and its hash chain whole. The Postgres
 * adapter keeps them in `account_keys`; {@linkcode createMemoryKeyVault} is
 * for unit tests.
 *
 * @module
 */
import { newDataKey } from "@kopek/platform";

/** Data keys by owner (an account's user id). */
export interface KeyVault {
  /** The keys that exist among these owners'. */
  keys(owners: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** The owner's key, made first if it has none. */
  keyFor(owner: string): Promise<Uint8Array>;
  /** Deletes the owner's key: what it sealed reads as erased from now on. */
  forget(owner: string): Promise<void>;
}

/** Keys kept in memory (tests). */
export function createMemoryKeyVault(): KeyVault {
  const kept = new Map<string, Uint8Array>();
  return {
    keys(owners) {
      const found = new Map<string, Uint8Array>();
      for (const o of owners) {
        const k = kept.get(o);
        if (k) found.set(o, k);
      }
      return Promise.resolve(found);
    },
    keyFor(owner) {
      let k = kept.get(owner);
      if (!k) kept.set(owner, k = newDataKey());
      return Promise.resolve(k);
    },
    forget(owner) {
      kept.delete(owner);
      return Promise.resolve();
    },
  };
}
