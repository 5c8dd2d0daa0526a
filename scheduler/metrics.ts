/**
 * The scheduler's metrics (ADR 0036, 0051): occurrences by outcome and ticks.
 *
 * @module
 */
import { Counter, type Registry } from "prom-client";
import { familiesOf } from "@kopek/platform";
import type { TickResult } from "./scheduler.ts";

/** What the worker counts after each tick. */
export type TickCounter = (result: TickResult | null) => void;

/** Counts ticks and occurrences on the registry (nothing without one). */
export function schedulerMetrics(registry: Registry | undefined): TickCounter {
  if (!registry) return () => {};
  const { occurrences, ticks } = familiesOf(registry, "kopek_scheduler", () => ({
    occurrences: new Counter({
      name: "kopek_scheduler_occurrences_total",
      help:
        "Occurrences of recurring expenses by outcome: recorded by this worker, repeated (another had), paused (refused by the ledger).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    ticks: new Counter({
      name: "kopek_scheduler_ticks_total",
      help: "Scheduler ticks by outcome (ok, failed).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
  }));
  return (result) => {
    ticks.inc({ outcome: result ? "ok" : "failed" });
    if (!result) return;
    occurrences.inc({ outcome: "recorded" }, result.recorded);
    occurrences.inc({ outcome: "repeated" }, result.repeated);
    occurrences.inc({ outcome: "paused" }, result.paused);
  };
}
