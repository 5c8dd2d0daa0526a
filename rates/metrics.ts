/**
 * Rates worker families (ADR 0036): runs by outcome, failed attempts, and
 * when the last run succeeded and failed (`time() - …` is the age; 0: never).
 *
 * @module
 */
import { Counter, Gauge, type Registry } from "prom-client";
import { familiesOf } from "@kopek/platform";

/** What the worker reports. */
export interface RatesMetrics {
  /** A fetch attempt failed (it may be retried). */
  attemptFailed(): void;
  /** A run ended, after its attempts. */
  runEnded(ok: boolean, at: Date): void;
}

/** The rates families on `registry`. */
export function ratesMetrics(registry: Registry): RatesMetrics {
  return familiesOf(registry, "kopek_rates", () => {
    const runs = new Counter({
      name: "kopek_rates_runs_total",
      help: "Runs of the rates worker (each with up to 6 attempts), by outcome: ok or failed.",
      labelNames: ["outcome"] as const,
      registers: [registry],
    });
    for (const outcome of ["ok", "failed"]) runs.inc({ outcome }, 0);
    const failures = new Counter({
      name: "kopek_rates_fetch_failures_total",
      help: "Failed attempts to fetch and save the ECB's rates (retried within a run).",
      registers: [registry],
    });
    const lastSuccess = new Gauge({
      name: "kopek_rates_last_success_timestamp_seconds",
      help: "When the last successful run ended, in Unix seconds (0: none since the start).",
      registers: [registry],
    });
    const lastFailure = new Gauge({
      name: "kopek_rates_last_failure_timestamp_seconds",
      help: "When the last failed run ended, in Unix seconds (0: none since the start).",
      registers: [registry],
    });
    return {
      attemptFailed: () => failures.inc(),
      runEnded(ok: boolean, at: Date) {
        runs.inc({ outcome: ok ? "ok" : "failed" });
        (ok ? lastSuccess : lastFailure).set(at.getTime() / 1000);
      },
    };
  });
}
