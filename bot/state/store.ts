/**
 * The bot's chat state store: a small key-value port (JSON values, optional
 * time to live) with two adapters, in memory ({@linkcode createMemoryStore})
 * and Valkey (`valkey_store.ts`). Both pass the contract in
 * `store_contract.ts`. Unlike Kopek's cache, this store is the bot's record of
 * its conversations (the chosen group per chat, what undo voids, pending
 * questions, language and mute): a failed write is an error, never dropped.
 *
 * Besides plain values it holds lists of items with an `id` and objects of
 * fields, each changed by one atomic operation (several bot instances may
 * update the same key at once: no read-modify-write, no lost update), and
 * numbers that only go up. A time to live given to a read renews the key.
 *
 * @module
 */

/** The chat state store port. */
export interface BotStore {
  /** The value under `key`, or undefined when absent or expired; renews it for `renewTtlSeconds`. */
  read<T>(key: string, renewTtlSeconds?: number): Promise<T | undefined>;
  /** Stores `value` (JSON) under `key`, for `ttlSeconds` when given. */
  write(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  /** Removes `key` (nothing when absent). */
  delete(key: string): Promise<void>;
  /** The list under `key`, oldest first ([] when absent); renews it for `renewTtlSeconds`. */
  list<T>(key: string, renewTtlSeconds?: number): Promise<T[]>;
  /**
   * Atomically: removes the list's items with `item.id`, appends `item`, keeps
   * the newest `max` items, and sets the list's time to live when given.
   */
  push<T extends { readonly id: string }>(
    key: string,
    item: T,
    max: number,
    ttlSeconds?: number,
  ): Promise<void>;
  /** Atomically removes the list's items whose `id` is `id` (an emptied list is gone). */
  pull(key: string, id: string): Promise<void>;
  /** The fields under `key` ({} when absent); renews it for `renewTtlSeconds`. */
  fields<T extends Record<string, unknown>>(
    key: string,
    renewTtlSeconds?: number,
  ): Promise<Partial<T>>;
  /** Atomically sets some fields (JSON values) under `key`, others kept; sets the time to live. */
  merge(key: string, fields: Record<string, unknown>, ttlSeconds?: number): Promise<void>;
  /**
   * Atomically stores the number `value` under `key` unless it holds one at
   * least as large (read it with `read`); sets the time to live either way.
   */
  raise(key: string, value: number, ttlSeconds?: number): Promise<void>;
  /**
   * Atomically adds one to the counter under `key` and answers its new value; the first count
   * starts its life of `windowMs` (a fixed window: later counts do not extend it).
   */
  count(key: string, windowMs: number): Promise<number>;
  /** Releases connections. */
  close(): Promise<void>;
}

type Held =
  | { readonly kind: "value"; json: string }
  | { readonly kind: "counter"; n: number }
  | { readonly kind: "list"; items: string[] }
  | { readonly kind: "fields"; fields: Map<string, string> };

/** A store in this process's memory: a restart forgets it (fine without Valkey, and in tests). */
export function createMemoryStore(options: { now?: () => number } = {}): BotStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { held: Held; expiresAt: number }>();
  const until = (ttlSeconds: number | undefined) =>
    ttlSeconds === undefined ? Infinity : now() + ttlSeconds * 1000;
  /** The live entry under `key` of `kind` (renewed when asked), undefined when absent; throws on a wrong kind, as Valkey does. */
  function get<K extends Held["kind"]>(key: string, kind: K, renewTtlSeconds?: number) {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    if (entry.held.kind !== kind) {
      throw new Error(`WRONGTYPE ${key} holds a ${entry.held.kind}, not a ${kind}`);
    }
    if (renewTtlSeconds !== undefined) entry.expiresAt = until(renewTtlSeconds);
    return entry.held as Extract<Held, { kind: K }>;
  }
  const idOf = (json: string) => (JSON.parse(json) as { id?: unknown }).id;
  // Every operation runs synchronously from start to end (atomic in one process); `settle`
  // turns its result or error into a promise, as from Valkey.
  const settle = <T>(op: () => T): Promise<T> => {
    try {
      return Promise.resolve(op());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    read<T>(key: string, renewTtlSeconds?: number) {
      return settle(() => {
        const held = get(key, "value", renewTtlSeconds);
        // A copy, as from Valkey: callers never share a mutable value with the store.
        return held ? JSON.parse(held.json) as T : undefined;
      });
    },
    write(key, value, ttlSeconds) {
      entries.set(key, {
        held: { kind: "value", json: JSON.stringify(value) },
        expiresAt: until(ttlSeconds),
      });
      return Promise.resolve();
    },
    delete(key) {
      entries.delete(key);
      return Promise.resolve();
    },
    list<T>(key: string, renewTtlSeconds?: number) {
      return settle(() =>
        (get(key, "list", renewTtlSeconds)?.items ?? []).map((json) => JSON.parse(json) as T)
      );
    },
    push(key, item, max, ttlSeconds) {
      return settle(() => {
        const items = (get(key, "list")?.items ?? []).filter((json) => idOf(json) !== item.id);
        items.push(JSON.stringify(item));
        entries.set(key, {
          held: { kind: "list", items: items.slice(-max) },
          expiresAt: until(ttlSeconds),
        });
      });
    },
    pull(key, id) {
      return settle(() => {
        const held = get(key, "list");
        if (held) {
          held.items = held.items.filter((json) => idOf(json) !== id);
          if (held.items.length === 0) entries.delete(key);
        }
      });
    },
    fields<T extends Record<string, unknown>>(key: string, renewTtlSeconds?: number) {
      return settle(() => {
        const held = get(key, "fields", renewTtlSeconds);
        const out: Record<string, unknown> = {};
        for (const [name, json] of held?.fields ?? []) out[name] = JSON.parse(json);
        return out as Partial<T>;
      });
    },
    merge(key, fields, ttlSeconds) {
      return settle(() => {
        const current = get(key, "fields")?.fields ?? new Map<string, string>();
        for (const [name, value] of Object.entries(fields)) {
          if (value !== undefined) current.set(name, JSON.stringify(value));
        }
        entries.set(key, {
          held: { kind: "fields", fields: current },
          expiresAt: until(ttlSeconds),
        });
      });
    },
    raise(key, value, ttlSeconds) {
      return settle(() => {
        const held = get(key, "value");
        const known = held ? Number(JSON.parse(held.json)) : undefined;
        const json = known === undefined || value > known ? JSON.stringify(value) : held!.json;
        entries.set(key, { held: { kind: "value", json }, expiresAt: until(ttlSeconds) });
      });
    },
    count(key, windowMs) {
      return settle(() => {
        const held = get(key, "counter");
        if (held) return ++held.n;
        entries.set(key, { held: { kind: "counter", n: 1 }, expiresAt: now() + windowMs });
        return 1;
      });
    },
    close() {
      entries.clear();
      return Promise.resolve();
    },
  };
}
