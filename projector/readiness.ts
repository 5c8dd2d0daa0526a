/**
 * The projector's `/readyz` check: how far the read models lag behind the
 * log, and how many streams are quarantined (ADR 0016). A quarantine does
 * not make the service unready (every other group is current); the detail
 * names it so that an operator sees it.
 *
 * @module
 */
import type { EventStore } from "@kopek/eventstore";
import type { ReadinessCheck, Sql } from "@kopek/platform";
import { checkpointPosition } from "./checkpoints.ts";
import { quarantineSummary } from "./quarantine.ts";

/** Most events the read models may lag behind before the check fails (default). */
export const READY_MAX_LAG = 10_000;

/** Options of {@linkcode projectorReadinessCheck}. */
export interface ProjectorReadinessOptions {
  readonly sql: Sql;
  readonly store: EventStore;
  /** The lag above which the check fails (default {@linkcode READY_MAX_LAG}). */
  readonly maxLag?: number;
  /** Whether a failed check makes `/readyz` 503 (default true). */
  readonly critical?: boolean;
}

/**
 * The check: ok while the lag is at most `maxLag`; detail e.g.
 * `lag 0 events; 1 stream quarantined (kopek quarantine list)`.
 */
export function projectorReadinessCheck(options: ProjectorReadinessOptions): ReadinessCheck {
  const maxLag = options.maxLag ?? READY_MAX_LAG;
  return {
    name: "projector",
    critical: options.critical ?? true,
    check: async () => {
      const [head, applied, quarantine] = await Promise.all([
        options.store.headPosition(),
        checkpointPosition(options.sql),
        quarantineSummary(options.sql),
      ]);
      const lag = Math.max(0, head - applied);
      return { ok: lag <= maxLag, detail: readinessDetail(lag, quarantine.streams) };
    },
  };
}

/** The detail of the check. */
export function readinessDetail(lag: number, quarantinedStreams: number): string {
  const quarantined = quarantinedStreams === 0
    ? ""
    : `; ${quarantinedStreams} stream${
      quarantinedStreams === 1 ? "" : "s"
    } quarantined (kopek quarantine list)`;
  return `lag ${lag} events${quarantined}`;
}
