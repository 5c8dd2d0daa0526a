/**
 * The Valkey adapter of the bot's chat state store ({@linkcode BotStore}), on
 * ioredis: the bot's state survives a restart. Writes wait for Valkey's
 * answer (bounded by `commandTimeoutMs`) and fail loudly when it is down: the
 * caller decides what that means (the bot logs it and carries on; the ledger
 * itself is in Kopek). Lists, fields and numbers change by one atomic
 * operation each (a Lua script, or MULTI): several bot instances may share
 * the store.
 *
 * @module
 */
import { Redis } from "ioredis";
import type { BotStore } from "./store.ts";

/** Removes the list's items whose `id` is ARGV[1]; the caller's script goes on with `items`. */
const REMOVE_BY_ID = `
local items = redis.call('LRANGE', KEYS[1], 0, -1)
for _, raw in ipairs(items) do
  local ok, item = pcall(cjson.decode, raw)
  if ok and type(item) == 'table' and item.id == ARGV[1] then
    redis.call('LREM', KEYS[1], 0, raw)
  end
end
`;

/** KEYS[1] list; ARGV: id, item JSON, max, time to live in s ('' for none). */
const PUSH = `${REMOVE_BY_ID}
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
if ARGV[4] == '' then redis.call('PERSIST', KEYS[1]) else redis.call('EXPIRE', KEYS[1], ARGV[4]) end
`;

/** KEYS[1] list; ARGV: id. */
const PULL = REMOVE_BY_ID;

/** KEYS[1] number; ARGV: the number, time to live in s ('' for none). */
const RAISE = `
local known = redis.call('GET', KEYS[1])
if not known or tonumber(known) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
end
if ARGV[2] == '' then redis.call('PERSIST', KEYS[1]) else redis.call('EXPIRE', KEYS[1], ARGV[2]) end
`;

/** KEYS[1] counter; ARGV: the window in ms. The first count sets its life; later ones keep it. */
const COUNT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;

/** The scripts, as ioredis `defineCommand` adds them. */
interface Scripts {
  kopekBotPush(key: string, id: string, item: string, max: number, ttl: string): Promise<unknown>;
  kopekBotPull(key: string, id: string): Promise<unknown>;
  kopekBotRaise(key: string, value: string, ttl: string): Promise<unknown>;
  kopekBotCount(key: string, windowMs: number): Promise<number>;
}

/** Valkey's whole seconds (at least 1), or '' for no time to live. */
const seconds = (ttl: number | undefined) =>
  ttl === undefined ? "" : String(Math.max(1, Math.ceil(ttl)));

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
  redis.defineCommand("kopekBotPush", { numberOfKeys: 1, lua: PUSH });
  redis.defineCommand("kopekBotPull", { numberOfKeys: 1, lua: PULL });
  redis.defineCommand("kopekBotRaise", { numberOfKeys: 1, lua: RAISE });
  redis.defineCommand("kopekBotCount", { numberOfKeys: 1, lua: COUNT });
  const scripts = redis as unknown as Scripts;
  /** Runs a MULTI; answers the first command's result, throws the first error. */
  async function atomically(build: (multi: ReturnType<Redis["multi"]>) => void): Promise<unknown> {
    const multi = redis.multi();
    build(multi);
    const results = await multi.exec();
    if (!results) throw new Error("Valkey aborted the transaction");
    for (const [error] of results) if (error) throw error;
    return results[0][1];
  }
  return {
    async read<T>(key: string, renewTtlSeconds?: number) {
      const json = renewTtlSeconds === undefined
        ? await redis.get(prefix + key)
        : await redis.getex(prefix + key, "EX", seconds(renewTtlSeconds));
      return json === null ? undefined : JSON.parse(json) as T;
    },
    async write(key, value, ttlSeconds) {
      const json = JSON.stringify(value);
      if (ttlSeconds === undefined) await redis.set(prefix + key, json);
      else await redis.set(prefix + key, json, "EX", seconds(ttlSeconds));
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
    async list<T>(key: string, renewTtlSeconds?: number) {
      const items = renewTtlSeconds === undefined
        ? await redis.lrange(prefix + key, 0, -1)
        : await atomically((m) =>
          m.lrange(prefix + key, 0, -1).expire(prefix + key, seconds(renewTtlSeconds))
        ) as string[];
      return items.map((json) => JSON.parse(json) as T);
    },
    async push(key, item, max, ttlSeconds) {
      await scripts.kopekBotPush(
        prefix + key,
        item.id,
        JSON.stringify(item),
        max,
        seconds(ttlSeconds),
      );
    },
    async pull(key, id) {
      await scripts.kopekBotPull(prefix + key, id);
    },
    async fields<T extends Record<string, unknown>>(key: string, renewTtlSeconds?: number) {
      const raw = renewTtlSeconds === undefined
        ? await redis.hgetall(prefix + key)
        : await atomically((m) =>
          m.hgetall(prefix + key).expire(prefix + key, seconds(renewTtlSeconds))
        ) as Record<string, string>;
      const out: Record<string, unknown> = {};
      for (const [name, json] of Object.entries(raw)) out[name] = JSON.parse(json);
      return out as Partial<T>;
    },
    async merge(key, fields, ttlSeconds) {
      const set: Record<string, string> = {};
      for (const [name, value] of Object.entries(fields)) {
        if (value !== undefined) set[name] = JSON.stringify(value);
      }
      await atomically((m) => {
        if (Object.keys(set).length > 0) m.hset(prefix + key, set);
        if (ttlSeconds === undefined) m.persist(prefix + key);
        else m.expire(prefix + key, seconds(ttlSeconds));
      });
    },
    async raise(key, value, ttlSeconds) {
      await scripts.kopekBotRaise(prefix + key, JSON.stringify(value), seconds(ttlSeconds));
    },
    async count(key, windowMs) {
      return Number(await scripts.kopekBotCount(prefix + key, Math.max(1, Math.ceil(windowMs))));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
