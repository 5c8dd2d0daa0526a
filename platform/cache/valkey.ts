/**
 * The Valkey adapter of the cache and pub/sub port, on ioredis. It works
 * against Redis too, which speaks the same protocol.
 *
 * Valkey is an optimisation for Kopek, never the record: while it is
 * unreachable, reads are misses, writes and publications are dropped (and
 * logged once per outage, not per call), and calls fail fast instead of
 * waiting for a reconnection. ioredis reconnects by itself with a capped
 * backoff; subscriptions and lost invalidations are restored when it does
 * (`_valkey_subscriptions.ts`, `_valkey_invalidations.ts`; the connections
 * and their state are `_valkey_connections.ts`).
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import { assertPositiveMs } from "./_validate.ts";
import { attempt, messageOf, openValkeyConnections } from "./_valkey_connections.ts";
import { createPendingDeletes } from "./_valkey_invalidations.ts";
import { createSubscriptions } from "./_valkey_subscriptions.ts";
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
  const connections = openValkeyConnections(url, logger, {
    commandTimeoutMs: options.commandTimeoutMs ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 2000,
  });
  const { commands, subscriber, ready } = connections;
  const pendingDeletes = createPendingDeletes(
    connections,
    logger,
    options.maxPendingDeletes ?? 10_000,
  );
  const subscriptions = createSubscriptions(connections, logger, prefix);

  await Promise.all([
    connections.waitReady(commands, options.connectTimeoutMs ?? 2000),
    connections.waitReady(subscriber, options.connectTimeoutMs ?? 2000),
  ]);
  if (!ready(commands) || !ready(subscriber)) {
    logger.warn(
      {
        url: redactUrl(url),
        reason: connections.lastError(commands) ?? connections.lastError(subscriber),
      },
      "valkey unreachable at start; running degraded until it is",
    );
  }

  return {
    async get(key) {
      if (!ready(commands)) return null;
      return (await attempt(logger, "get", () => commands.get(prefix + key))) ?? null;
    },

    async set(key, value, ttlMs) {
      assertPositiveMs("ttlMs", ttlMs);
      if (!ready(commands)) return;
      await attempt(
        logger,
        "set",
        () => commands.set(prefix + key, value, "PX", Math.ceil(ttlMs)),
      );
    },

    async delete(...keys) {
      if (keys.length === 0 || connections.closed) return;
      const prefixed = keys.map((k) => prefix + k);
      if (!ready(commands)) return pendingDeletes.remember(prefixed);
      const removed = await attempt(logger, "delete", () => commands.del(...prefixed));
      if (removed === undefined) pendingDeletes.remember(prefixed);
    },

    async incrementWindow(key, windowMs) {
      assertPositiveMs("windowMs", windowMs);
      if (!ready(commands)) return null;
      const count = await attempt(
        logger,
        "incrementWindow",
        () => commands.eval(INCREMENT_WINDOW, 1, prefix + key, Math.ceil(windowMs)),
      );
      return typeof count === "number" ? count : null;
    },

    async publish(channel, message) {
      if (!ready(commands)) return null;
      const received = await attempt(
        logger,
        "publish",
        () => commands.publish(prefix + channel, message),
      );
      return typeof received === "number" ? received : null;
    },

    subscribe: (channel, onMessage) => subscriptions.subscribe(channel, onMessage),

    async health(): Promise<BusHealth> {
      if (connections.closed) return { ok: false, detail: "closed" };
      for (
        const [name, connection] of [["commands", commands], ["subscriptions", subscriber]] as const
      ) {
        if (connection.status !== "ready") {
          const reason = connections.lastError(connection);
          return {
            ok: false,
            detail: `valkey ${name} connection is ${connection.status}${
              reason ? `: ${reason}` : ""
            }`,
          };
        }
      }
      const restoring = subscriptions.restoring();
      if (restoring !== null) return { ok: false, detail: restoring };
      try {
        await commands.ping();
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: `valkey ping failed: ${messageOf(error)}` };
      }
    },

    async close() {
      if (connections.closed) return;
      subscriptions.clear();
      pendingDeletes.clear();
      await connections.close();
    },
  };
}
