/**
 * The Valkey adapter of the cache and pub/sub port, on ioredis. It works
 * against Redis too, which speaks the same protocol.
 *
 * Valkey is an optimisation for Kopek, never the record: while it is
 * unreachable, reads are misses, writes and publications are dropped (and
 * logged once per outage, not per call), and calls fail fast instead of
 * waiting for a reconnection. ioredis reconnects by itself with a capped
 * backoff; subscriptions and lost invalidations are restored when it does.
 *
 * @module
 */
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger.ts";
import { assertPositiveMs } from "./_validate.ts";
import type { BusHealth, KeyValueBus } from "./port.ts";

/** Options of {@linkcode createValkeyBus}. */
export interface ValkeyBusOptions {
  /** Receives connection state changes and failed calls. */
  readonly logger: Logger;
  /** Prepended to every key and channel, to share one server: `"kopek:"`. Defaults to none. */
  readonly prefix?: string;
  /** How long one call may take before it counts as failed. Defaults to 1000. */
  readonly commandTimeoutMs?: number;
  /** How long the factory waits for the first connection. Defaults to 2000. */
  readonly connectTimeoutMs?: number;
  /** The longest pause between two reconnection attempts. Defaults to 2000. */
  readonly maxBackoffMs?: number;
  /** Invalidations kept for replay after an outage; beyond it, TTLs bound staleness. Defaults to 10000. */
  readonly maxPendingDeletes?: number;
}

// Atomic, and compatible with servers older than PEXPIRE NX (Redis 7).
const INCREMENT_WINDOW = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** The URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "redacted";
    return u.toString();
  } catch {
    return "(unparsable url)";
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Connects to Valkey at `url` (`redis://[user:password@]host:port[/db]`, or
 * `rediss://` for TLS) with one connection for commands and one for
 * subscriptions. Waits for them up to `connectTimeoutMs`; when Valkey is
 * unreachable it still resolves, with a bus that reports itself degraded
 * until ioredis connects.
 *
 * @example
 * ```ts
 * const bus = await createValkeyBus(config.KOPEK_VALKEY_URL, { logger, prefix: "kopek:" });
 * const checks = [{ name: "valkey", check: () => bus.health() }];
 * ```
 */
export async function createValkeyBus(
  url: string,
  options: ValkeyBusOptions,
): Promise<KeyValueBus> {
  const logger = options.logger.child({ component: "valkey" });
  const prefix = options.prefix ?? "";
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 2000;
  const maxPendingDeletes = options.maxPendingDeletes ?? 10_000;

  const connectionOptions: RedisOptions = {
    // Fail fast while disconnected: a cache that makes a request wait for a
    // reconnection is worse than no cache.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(commandTimeoutMs, 1000),
    retryStrategy: (attempt) =>
      Math.min(50 * 2 ** (attempt - 1), maxBackoffMs) + Math.floor(Math.random() * 50),
    // Replaying a SET from before an outage could resurrect a value that a
    // later DEL invalidated; the pending deletes below are replayed instead.
    autoResendUnfulfilledCommands: false,
    // The bus resubscribes from its own registry, which also knows the
    // channels subscribed while disconnected (ioredis only knows confirmed ones).
    autoResubscribe: false,
  };
  const commands = new Redis(url, { ...connectionOptions, connectionName: "kopek-commands" });
  const subscriber = new Redis(url, { ...connectionOptions, connectionName: "kopek-pubsub" });

  let closed = false;
  const lastError = new Map<Redis, string>();
  const subscriptions = new Map<
    string,
    { readonly handlers: Set<(message: string) => void>; readonly confirmed: Promise<void> }
  >();
  const pendingDeletes = new Set<string>();

  // ioredis sets status "ready" a tick before it emits "ready"; a call in that
  // gap would overtake the replayed invalidations, so readiness is the event.
  const up = new Set<Redis>();
  const ready = (connection: Redis) =>
    !closed && connection.status === "ready" && up.has(connection);

  for (
    const [name, connection] of [["commands", commands], ["subscriptions", subscriber]] as const
  ) {
    let wasReady = false;
    connection.on("error", (error: unknown) => {
      lastError.set(connection, messageOf(error));
    });
    connection.on("close", () => {
      up.delete(connection);
      if (!wasReady || closed) return;
      wasReady = false;
      logger.warn(
        { connection: name, reason: lastError.get(connection) ?? "connection closed" },
        "valkey connection lost; cache reads miss and writes are dropped until it is back",
      );
    });
    connection.on("ready", () => {
      up.add(connection);
      const restored = lastError.has(connection);
      wasReady = true;
      lastError.delete(connection);
      if (restored) logger.info({ connection: name }, "valkey connection restored");
    });
  }

  // Runs in the same "ready" event that marks the connection up, so the
  // replayed DEL is written before any call a caller makes on it.
  commands.on("ready", () => {
    if (pendingDeletes.size === 0) return;
    const keys = [...pendingDeletes];
    pendingDeletes.clear();
    commands.del(...keys).catch((error) => {
      logger.warn({ err: error, keys: keys.length }, "valkey replay of invalidations failed");
      remember(keys);
    });
  });

  // Until the server confirms every channel, a message published elsewhere
  // could be missed, so health() reports degraded meanwhile.
  let resubscription: { done: boolean; error?: string } = { done: true };
  function resubscribe() {
    const channels = [...subscriptions.keys()].map((c) => prefix + c);
    if (channels.length === 0) return void (resubscription = { done: true });
    const current: { done: boolean; error?: string } = { done: false };
    resubscription = current;
    subscriber.subscribe(...channels).then(
      () => void (current.done = true),
      (error) => {
        current.error = messageOf(error);
        logger.warn({ err: error }, "valkey resubscription failed; retried by the next health()");
      },
    );
  }
  subscriber.on("close", () => {
    if (subscriptions.size > 0) resubscription = { done: false };
  });
  subscriber.on("ready", resubscribe);

  subscriber.on("message", (prefixed: string, message: string) => {
    if (!prefixed.startsWith(prefix)) return;
    const channel = prefixed.slice(prefix.length);
    const entry = subscriptions.get(channel);
    if (!entry) return;
    for (const handler of [...entry.handlers]) {
      try {
        handler(message);
      } catch (error) {
        logger.error({ err: error, channel }, "valkey subscriber failed");
      }
    }
  });

  function remember(keys: readonly string[]) {
    for (const key of keys) {
      if (pendingDeletes.size >= maxPendingDeletes) {
        logger.warn(
          { dropped: keys.length },
          "too many invalidations during the valkey outage; stale entries live until their TTL",
        );
        return;
      }
      pendingDeletes.add(key);
    }
  }

  /** Runs a call that may fail; failures while connected are logged, not thrown. */
  async function attempt<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      logger.warn({ err: error, operation }, "valkey call failed");
      return undefined;
    }
  }

  function waitReady(connection: Redis, ms: number): Promise<void> {
    if (up.has(connection)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        connection.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      connection.once("ready", done);
    });
  }

  await Promise.all([
    waitReady(commands, options.connectTimeoutMs ?? 2000),
    waitReady(subscriber, options.connectTimeoutMs ?? 2000),
  ]);
  if (!ready(commands) || !ready(subscriber)) {
    logger.warn(
      { url: redactUrl(url), reason: lastError.get(commands) ?? lastError.get(subscriber) },
      "valkey unreachable at start; running degraded until it is",
    );
  }

  return {
    async get(key) {
      if (!ready(commands)) return null;
      return (await attempt("get", () => commands.get(prefix + key))) ?? null;
    },

    async set(key, value, ttlMs) {
      assertPositiveMs("ttlMs", ttlMs);
      if (!ready(commands)) return;
      await attempt("set", () => commands.set(prefix + key, value, "PX", Math.ceil(ttlMs)));
    },

    async delete(...keys) {
      if (keys.length === 0 || closed) return;
      const prefixed = keys.map((k) => prefix + k);
      if (!ready(commands)) return remember(prefixed);
      const removed = await attempt("delete", () => commands.del(...prefixed));
      if (removed === undefined) remember(prefixed);
    },

    async incrementWindow(key, windowMs) {
      assertPositiveMs("windowMs", windowMs);
      if (!ready(commands)) return null;
      const count = await attempt(
        "incrementWindow",
        () => commands.eval(INCREMENT_WINDOW, 1, prefix + key, Math.ceil(windowMs)),
      );
      return typeof count === "number" ? count : null;
    },

    async publish(channel, message) {
      if (!ready(commands)) return;
      await attempt("publish", () => commands.publish(prefix + channel, message));
    },

    async subscribe(channel, onMessage) {
      if (closed) return () => Promise.resolve();
      // Each call is its own subscription, even with the same function.
      const handler = (message: string) => onMessage(message);
      let entry = subscriptions.get(channel);
      if (!entry) {
        // While disconnected, the "ready" handler subscribes it later.
        const confirmed = ready(subscriber)
          ? subscriber.subscribe(prefix + channel).then(() => {}, (error) => {
            logger.warn(
              { err: error, channel },
              "valkey subscribe failed; retried by the next health()",
            );
            resubscription = { done: false, error: messageOf(error) };
          })
          : Promise.resolve();
        entry = { handlers: new Set(), confirmed };
        subscriptions.set(channel, entry);
      }
      entry.handlers.add(handler);
      await entry.confirmed;
      let active = true;
      return async () => {
        if (!active) return;
        active = false;
        const current = subscriptions.get(channel);
        if (!current?.handlers.delete(handler) || current.handlers.size > 0) return;
        subscriptions.delete(channel);
        if (ready(subscriber)) {
          await attempt("unsubscribe", () => subscriber.unsubscribe(prefix + channel));
        }
      };
    },

    async health(): Promise<BusHealth> {
      if (closed) return { ok: false, detail: "closed" };
      for (
        const [name, connection] of [["commands", commands], ["subscriptions", subscriber]] as const
      ) {
        if (connection.status !== "ready") {
          const reason = lastError.get(connection);
          return {
            ok: false,
            detail: `valkey ${name} connection is ${connection.status}${
              reason ? `: ${reason}` : ""
            }`,
          };
        }
      }
      if (!resubscription.done) {
        const detail = resubscription.error
          ? `valkey subscriptions not restored: ${resubscription.error}`
          : "valkey subscriptions are being restored";
        if (resubscription.error) resubscribe();
        return { ok: false, detail };
      }
      try {
        await commands.ping();
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: `valkey ping failed: ${messageOf(error)}` };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      subscriptions.clear();
      pendingDeletes.clear();
      await Promise.all([commands, subscriber].map(async (connection) => {
        if (connection.status === "end") return;
        const ended = new Promise((resolve) => connection.once("end", resolve));
        if (connection.status === "ready") {
          try {
            await connection.quit();
          } catch {
            connection.disconnect();
          }
        } else {
          connection.disconnect();
        }
        await ended;
      }));
    },
  };
}
