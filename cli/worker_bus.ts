/**
 * One in-process bus for an all-in-one process and its HTTP workers (ADR 0063): the main isolate
 * keeps the bus; each worker reaches it over its message port. Without Valkey this is what carries
 * the projector's "position advanced" to every worker's waiting reads and live streams, the
 * projector's invalidations of the access cache, and the one set of rate-limit counters.
 *
 * The messages are structured-cloned plain objects; a request carries an id that its answer
 * repeats.
 *
 * @module
 */
import type { BusHealth, KeyValueBus, Logger } from "@kopek/platform";

/** The side of a `MessagePort`/`Worker`/worker `self` this module uses. */
export interface Port {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

type Op =
  | { op: "get"; key: string }
  | { op: "set"; key: string; value: string; ttlMs: number }
  | { op: "delete"; keys: string[] }
  | { op: "incrementWindow"; key: string; windowMs: number }
  | { op: "publish"; channel: string; message: string }
  | { op: "subscribe"; channel: string; sub: number }
  | { op: "unsubscribe"; sub: number }
  | { op: "health" };

/** A worker's request to the main isolate's bus. */
export type BusRequest = { kind: "bus"; id: number } & Op;
/** The main isolate's answer to a {@linkcode BusRequest}. */
export interface BusReply {
  kind: "bus-reply";
  id: number;
  value?: unknown;
  error?: { name: string; message: string };
}
/** A message published on a channel a worker subscribed to. */
export interface BusMessage {
  kind: "bus-message";
  sub: number;
  message: string;
}

/**
 * Answers a worker's bus requests from `bus` (the main isolate's side). Returns the function that
 * ends every subscription the worker made.
 */
export function serveBus(bus: KeyValueBus, port: Port): () => Promise<void> {
  const subscriptions = new Map<number, () => Promise<void>>();
  const answer = async (request: BusRequest): Promise<unknown> => {
    switch (request.op) {
      case "get":
        return await bus.get(request.key);
      case "set":
        return await bus.set(request.key, request.value, request.ttlMs);
      case "delete":
        return await bus.delete(...request.keys);
      case "incrementWindow":
        return await bus.incrementWindow(request.key, request.windowMs);
      case "publish":
        return await bus.publish(request.channel, request.message);
      case "subscribe": {
        const sub = request.sub;
        const stop = await bus.subscribe(request.channel, (message) => {
          port.postMessage({ kind: "bus-message", sub, message } satisfies BusMessage);
        });
        subscriptions.set(sub, stop);
        return undefined;
      }
      case "unsubscribe": {
        const stop = subscriptions.get(request.sub);
        subscriptions.delete(request.sub);
        return await stop?.();
      }
      case "health":
        return await bus.health();
      default: {
        const never: never = request;
        throw new Error(`unknown bus request ${JSON.stringify(never)}`);
      }
    }
  };
  const listener = (event: MessageEvent) => {
    const request = event.data as BusRequest;
    if (request?.kind !== "bus") return;
    answer(request).then(
      (value) => port.postMessage({ kind: "bus-reply", id: request.id, value } satisfies BusReply),
      (e: unknown) => {
        const error = e instanceof Error
          ? { name: e.name, message: e.message }
          : { name: "Error", message: String(e) };
        port.postMessage({ kind: "bus-reply", id: request.id, error } satisfies BusReply);
      },
    );
  };
  port.addEventListener("message", listener);
  return async () => {
    port.removeEventListener("message", listener);
    const stops = [...subscriptions.values()];
    subscriptions.clear();
    await Promise.all(stops.map((stop) => stop()));
  };
}

/**
 * The bus of the main isolate, seen from a worker over `port`. While closed it answers as the
 * in-process bus does once closed (a miss, no counter, nothing delivered).
 */
export function busOverPort(port: Port, logger?: Logger): KeyValueBus {
  let next = 1;
  let closed = false;
  const pending = new Map<number, PromiseWithResolvers<unknown>>();
  const handlers = new Map<number, (message: string) => void>();
  const listener = (event: MessageEvent) => {
    const data = event.data as BusReply | BusMessage;
    if (data?.kind === "bus-reply") {
      const waiting = pending.get(data.id);
      pending.delete(data.id);
      if (!waiting) return;
      if (data.error) {
        const error = data.error.name === "RangeError"
          ? new RangeError(data.error.message)
          : new Error(data.error.message);
        waiting.reject(error);
      } else waiting.resolve(data.value);
    } else if (data?.kind === "bus-message") {
      try {
        handlers.get(data.sub)?.(data.message);
      } catch (error) {
        // One subscriber's bug must not stop the others' deliveries (as the in-process bus).
        logger?.error({ err: error }, "cache bus subscriber failed");
      }
    }
  };
  port.addEventListener("message", listener);
  const call = <T>(op: Op): Promise<T> => {
    const id = next++;
    const waiting = Promise.withResolvers<unknown>();
    pending.set(id, waiting);
    port.postMessage({ kind: "bus", id, ...op } satisfies BusRequest);
    return waiting.promise as Promise<T>;
  };
  return {
    get: (key) => closed ? Promise.resolve(null) : call<string | null>({ op: "get", key }),
    set: (key, value, ttlMs) =>
      closed ? Promise.resolve() : call<void>({ op: "set", key, value, ttlMs }),
    delete: (...keys) => closed ? Promise.resolve() : call<void>({ op: "delete", keys }),
    incrementWindow: (key, windowMs) =>
      closed
        ? Promise.resolve(null)
        : call<number | null>({ op: "incrementWindow", key, windowMs }),
    publish: (channel, message) =>
      closed ? Promise.resolve(null) : call<number | null>({ op: "publish", channel, message }),
    async subscribe(channel, onMessage) {
      if (closed) return () => Promise.resolve();
      const sub = next++;
      handlers.set(sub, onMessage);
      await call<void>({ op: "subscribe", channel, sub });
      return async () => {
        if (!handlers.delete(sub) || closed) return;
        await call<void>({ op: "unsubscribe", sub });
      };
    },
    health: (): Promise<BusHealth> =>
      closed ? Promise.resolve({ ok: false, detail: "closed" }) : call<BusHealth>({ op: "health" }),
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      handlers.clear();
      port.removeEventListener("message", listener);
      for (const waiting of pending.values()) waiting.resolve(null);
      pending.clear();
      return Promise.resolve();
    },
  };
}
