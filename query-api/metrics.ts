/**
 * Reporting replica families (ADR 0036): which database answered each
 * monthly report and why, and how far the replica's reports read model is
 * behind the primary's, read at each scrape.
 *
 * @module
 */
import { Counter, Gauge, type Registry } from "prom-client";
import { familiesOf, type Sql } from "@kopek/platform";
import { checkpointPosition, reportsProjection } from "@kopek/projector";

/** Why a report was answered where it was. */
export type ServedReason =
  /** The replica had what was asked. */
  | "ok"
  /** The replica had not applied `Kopek-Min-Position` in time. */
  | "lagging"
  /** The replica did not know the group yet. */
  | "unknown_group"
  /** The replica failed (down, refused the connection). */
  | "replica_failed";

/** The counter of reports by the database that answered (only with a replica configured). */
export function reportsServed(registry: Registry) {
  return familiesOf(registry, "kopek_reports_served", () => {
    const served = new Counter({
      name: "kopek_reports_served_total",
      help:
        "Monthly reports by the database that answered (replica, primary) and why: ok, lagging, unknown_group, replica_failed.",
      labelNames: ["by", "reason"] as const,
      registers: [registry],
    });
    return (by: "replica" | "primary", reason: ServedReason) => served.inc({ by, reason });
  });
}

/** How long a scrape waits for both databases. */
const LAG_TIMEOUT_MS = 2_000;

/**
 * Registers `kopek_reports_replica_lag_events`: the primary's reports
 * checkpoint minus the replica's, read at each scrape (kept at its last value
 * when either does not answer within 2 s).
 */
export function registerReplicaLag(
  registry: Registry,
  deps: { sql: Sql; reportingSql: Sql },
): void {
  familiesOf(registry, "kopek_reports_replica_lag", () =>
    new Gauge({
      name: "kopek_reports_replica_lag_events",
      help:
        "Events the reporting replica's reports read model is behind the primary's (its replicated checkpoint).",
      registers: [registry],
      async collect() {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const read = (sql: Sql) =>
          sql.begin("read only", (tx) => checkpointPosition(tx, [reportsProjection.name]));
        const positions = await Promise.race([
          Promise.all([read(deps.sql), read(deps.reportingSql)]),
          new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), LAG_TIMEOUT_MS)),
        ]).catch(() => null).finally(() => clearTimeout(timer));
        if (positions) this.set(Math.max(0, positions[0] - positions[1]));
      },
    }));
}
