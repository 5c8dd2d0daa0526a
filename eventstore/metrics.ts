/**
 * Event store families (ADR 0036): a decorator over any {@linkcode EventStore}
 * that times and counts its appends by outcome, and the events per append.
 *
 * @module
 */
import { Counter, Histogram, type Registry } from "prom-client";
import type { EventStore } from "./port.ts";

/** How an append ended. */
export type AppendOutcome =
  | "appended"
  | "duplicate"
  | "version_conflict"
  | "idempotency_conflict"
  | "error";

function outcomeOf(err: unknown): AppendOutcome {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "eventstore.version_conflict") return "version_conflict";
  if (code === "eventstore.idempotency_conflict") return "idempotency_conflict";
  return "error";
}

const families = new WeakMap<Registry, ReturnType<typeof create>>();

function create(registry: Registry) {
  return {
    duration: new Histogram({
      name: "kopek_eventstore_append_duration_seconds",
      help: "Time of an append (one transaction), by outcome.",
      labelNames: ["outcome"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    appends: new Counter({
      name: "kopek_eventstore_appends_total",
      help:
        "Appends by outcome: appended, duplicate (an idempotent repeat), version_conflict, idempotency_conflict, error.",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    events: new Counter({
      name: "kopek_eventstore_appended_events_total",
      help: "Events stored by appends.",
      registers: [registry],
    }),
    perAppend: new Histogram({
      name: "kopek_eventstore_events_per_append",
      help: "Events stored per append (appends that stored some).",
      buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 5000],
      registers: [registry],
    }),
  };
}

/**
 * `store` with its appends measured on `registry`; every other method as it
 * is. Without a registry (metrics off), `store` itself.
 */
export function instrumentEventStore(
  store: EventStore,
  registry: Registry | undefined,
): EventStore {
  if (!registry) return store;
  let m = families.get(registry);
  if (!m) families.set(registry, m = create(registry));
  const f = m;
  // Labels known up front: each outcome is a series from the first scrape.
  for (const outcome of ["appended", "duplicate", "version_conflict"]) {
    f.appends.inc({ outcome }, 0);
  }
  return {
    ...store,
    readStream: store.readStream.bind(store),
    streamVersion: store.streamVersion.bind(store),
    readAll: store.readAll.bind(store),
    cursorOf: store.cursorOf.bind(store),
    headPosition: store.headPosition.bind(store),
    streams: store.streams.bind(store),
    idempotentResult: store.idempotentResult.bind(store),
    async append(requests, options) {
      const end = f.duration.startTimer();
      let outcome: AppendOutcome = "error";
      try {
        const result = await store.append(requests, options);
        outcome = result.duplicate ? "duplicate" : "appended";
        if (!result.duplicate && result.events.length > 0) {
          f.events.inc(result.events.length);
          f.perAppend.observe(result.events.length);
        }
        return result;
      } catch (err) {
        outcome = outcomeOf(err);
        throw err;
      } finally {
        end({ outcome });
        f.appends.inc({ outcome });
      }
    },
  };
}
