/**
 * A Valkey bus's subscriptions: the registry of channels and handlers, the
 * dispatch of messages, and their restoration after an outage (ioredis's own
 * resubscription is off: it only knows the channels the server confirmed).
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import { attempt, messageOf, type ValkeyConnections } from "./_valkey_connections.ts";

/** The subscriptions of one bus. */
export interface Subscriptions {
  /** The port's `subscribe`. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /**
   * Why the subscriptions are not all confirmed, or null when they are. A
   * failed resubscription is retried by this call.
   */
  restoring(): string | null;
  /** Forgets every subscription. */
  clear(): void;
}

/** Tracks the subscriptions on `connections.subscriber`, channels prefixed with `prefix`. */
export function createSubscriptions(
  connections: ValkeyConnections,
  logger: Logger,
  prefix: string,
): Subscriptions {
  const { subscriber } = connections;
  const subscriptions = new Map<
    string,
    { readonly handlers: Set<(message: string) => void>; readonly confirmed: Promise<void> }
  >();

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

  async function subscribe(channel: string, onMessage: (message: string) => void) {
    if (connections.closed) return () => Promise.resolve();
    // Each call is its own subscription, even with the same function.
    const handler = (message: string) => onMessage(message);
    let entry = subscriptions.get(channel);
    if (!entry) {
      // While disconnected, the "ready" handler subscribes it later.
      const confirmed = connections.ready(subscriber)
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
      if (connections.ready(subscriber)) {
        await attempt(logger, "unsubscribe", () => subscriber.unsubscribe(prefix + channel));
      }
    };
  }

  return {
    subscribe,
    restoring() {
      if (resubscription.done) return null;
      const detail = resubscription.error
        ? `valkey subscriptions not restored: ${resubscription.error}`
        : "valkey subscriptions are being restored";
      if (resubscription.error) resubscribe();
      return detail;
    },
    clear: () => subscriptions.clear(),
  };
}
