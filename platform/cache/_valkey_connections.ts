/**
 * The Valkey adapter's two ioredis connections (commands, subscriptions):
 * their options, whether each is up, its last error, and the log lines of an
 * outage (once when lost, once when restored).
 *
 * @module
 */
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger.ts";

/** The two connections of a Valkey bus and what the bus knows of them. */
export interface ValkeyConnections {
  /** The connection for commands and publications. */
  readonly commands: Redis;
  /** The connection in subscriber mode. */
  readonly subscriber: Redis;
  /** Whether the bus was closed. */
  readonly closed: boolean;
  /** Whether the bus is open and `connection` is up (its "ready" event was seen). */
  ready(connection: Redis): boolean;
  /** The last error of `connection` since it was last up. */
  lastError(connection: Redis): string | undefined;
  /** Resolves once `connection` is up, or after `ms`. */
  waitReady(connection: Redis, ms: number): Promise<void>;
  /** Marks the bus closed and ends both connections. */
  close(): Promise<void>;
}

/** How the connections behave: timeouts and reconnection backoff. */
export interface ConnectionSettings {
  readonly commandTimeoutMs: number;
  readonly maxBackoffMs: number;
}

/** The error's message, for logs and health details. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs a call that may fail; failures while connected are logged, not thrown. */
export async function attempt<T>(
  logger: Logger,
  operation: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    logger.warn({ err: error, operation }, "valkey call failed");
    return undefined;
  }
}

/**
 * Opens the two connections to `url`; they connect (and reconnect) in the
 * background. Registers the state listeners first, so that a connection is up
 * before any other "ready" listener runs.
 */
export function openValkeyConnections(
  url: string,
  logger: Logger,
  settings: ConnectionSettings,
): ValkeyConnections {
  const { commandTimeoutMs, maxBackoffMs } = settings;
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
    // later DEL invalidated; the pending deletes are replayed instead.
    autoResendUnfulfilledCommands: false,
    // The bus resubscribes from its own registry, which also knows the
    // channels subscribed while disconnected (ioredis only knows confirmed ones).
    autoResubscribe: false,
  };
  const commands = new Redis(url, { ...connectionOptions, connectionName: "kopek-commands" });
  const subscriber = new Redis(url, { ...connectionOptions, connectionName: "kopek-pubsub" });

  let closed = false;
  const lastError = new Map<Redis, string>();
  // ioredis sets status "ready" a tick before it emits "ready"; a call in that
  // gap would overtake the replayed invalidations, so readiness is the event.
  const up = new Set<Redis>();

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

  return {
    commands,
    subscriber,
    get closed() {
      return closed;
    },
    ready: (connection) => !closed && connection.status === "ready" && up.has(connection),
    lastError: (connection) => lastError.get(connection),
    waitReady(connection, ms) {
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
    },
    async close() {
      closed = true;
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
