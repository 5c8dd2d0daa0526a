/**
 * The invalidations (DEL) a Valkey bus could not deliver during an outage,
 * kept up to a bound and replayed when the commands connection is back.
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import type { ValkeyConnections } from "./_valkey_connections.ts";

/** The keys whose deletion waits for the connection. */
export interface PendingDeletes {
  /** Keeps (prefixed) keys for the replay; beyond the bound, drops them with a warning. */
  remember(keys: readonly string[]): void;
  /** Forgets every pending key. */
  clear(): void;
}

/**
 * Keeps up to `maxPendingDeletes` keys and deletes them when the commands
 * connection is ready again, in the same "ready" event that marks it up, so
 * the replayed DEL is written before any call a caller makes on it.
 */
export function createPendingDeletes(
  connections: ValkeyConnections,
  logger: Logger,
  maxPendingDeletes: number,
): PendingDeletes {
  const pendingDeletes = new Set<string>();
  const { commands } = connections;

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

  commands.on("ready", () => {
    if (pendingDeletes.size === 0) return;
    const keys = [...pendingDeletes];
    pendingDeletes.clear();
    commands.del(...keys).catch((error) => {
      logger.warn({ err: error, keys: keys.length }, "valkey replay of invalidations failed");
      remember(keys);
    });
  });

  return { remember, clear: () => pendingDeletes.clear() };
}
