/**
 * The notifier's metrics (ADR 0036, 0057): pushes queued or not, deliveries
 * by outcome, passes by outcome.
 *
 * @module
 */
import { Counter, type Registry } from "prom-client";
import { familiesOf } from "@kopek/platform";
import type { FollowResult } from "./follow.ts";
import type { DeliveryOutcome } from "./send.ts";

/** What the worker counts after each pass (null: the pass failed). */
export type PassCounter = (
  result: { followed: FollowResult; sent: readonly DeliveryOutcome[] } | null,
) => void;

/** Counts passes, queued pushes and deliveries on the registry (nothing without one). */
export function notifierMetrics(registry: Registry | undefined): PassCounter {
  if (!registry) return () => {};
  const { queued, deliveries, passes } = familiesOf(registry, "kopek_push", () => ({
    queued: new Counter({
      name: "kopek_push_queued_total",
      help:
        "Pushes of events by outcome: queued (one per subscription), quiet (the recipient's quiet hours), stale (the event was too old).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "kopek_push_deliveries_total",
      help:
        "Push deliveries by outcome: sent, gone (404/410: subscription removed), retry, failed (out of attempts), refused (other 4xx or a refused address).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    passes: new Counter({
      name: "kopek_push_passes_total",
      help: "Notifier passes by outcome (ok, failed).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
  }));
  return (result) => {
    passes.inc({ outcome: result ? "ok" : "failed" });
    if (!result) return;
    queued.inc({ outcome: "queued" }, result.followed.queued);
    queued.inc({ outcome: "quiet" }, result.followed.quiet);
    queued.inc({ outcome: "stale" }, result.followed.stale);
    for (const outcome of result.sent) deliveries.inc({ outcome });
  };
}
