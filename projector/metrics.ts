/**
 * Projector families (ADR 0036).
 *
 * - Batches, counted as this process applies them: duration and events per
 *   batch, events applied, by nothing (one runner loop per process).
 * - State, read from the database at each scrape (as `/readyz` does, so any
 *   projector replica reports the same): each projection's checkpoint
 *   position and lag in events behind the head, the head, how long the oldest
 *   unapplied event has waited, quarantined streams. When the database does
 *   not answer within {@linkcode STATE_TIMEOUT_MS}, `kopek_projector_state_up`
 *   is 0 and the other state families keep their last values.
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { EventStore } from "@kopek/eventstore";
import { familiesOf, type Sql } from "@kopek/platform";
import { readCheckpoints } from "./checkpoints.ts";
import { quarantineSummary } from "./quarantine.ts";
import { oldestUnappliedWaitSeconds } from "./readiness.ts";
import { PROJECTION_NAMES } from "./projections/mod.ts";

/** How long a scrape waits for the database before it reports the state as unknown. */
export const STATE_TIMEOUT_MS = 2_000;

/** The batch families of a registry. */
export interface BatchMetrics {
  /** One committed batch: its events and how long it took (read, apply, commit). */
  observe(events: number, seconds: number): void;
}

/** The batch families on `registry`. */
export function batchMetrics(registry: Registry): BatchMetrics {
  return familiesOf(registry, "kopek_projector_batch", () => {
    const duration = new Histogram({
      name: "kopek_projector_batch_duration_seconds",
      help: "Time of a committed batch: read the page, apply it to its projections, commit.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    const size = new Histogram({
      name: "kopek_projector_batch_events",
      help: "Events per committed batch.",
      buckets: [1, 5, 10, 50, 100, 500, 1000, 2000, 5000, 10000],
      registers: [registry],
    });
    const applied = new Counter({
      name: "kopek_projector_events_applied_total",
      help: "Events applied by this process's batches (once per batch, whatever its projections).",
      registers: [registry],
    });
    return {
      observe(events: number, seconds: number) {
        duration.observe(seconds);
        size.observe(events);
        applied.inc(events);
      },
    };
  });
}

interface State {
  readonly head: number;
  readonly checkpoints: readonly { name: string; position: number }[];
  readonly waited: number;
  readonly quarantined: number;
  readonly quarantinedBy: Record<string, number>;
}

async function readState(sql: Sql, store: EventStore, names: readonly string[]): Promise<State> {
  const [head, checkpoints, waited, quarantine] = await Promise.all([
    store.headPosition(),
    readCheckpoints(sql, names),
    oldestUnappliedWaitSeconds(sql, names),
    quarantineSummary(sql),
  ]);
  return {
    head,
    checkpoints: checkpoints.map((c) => ({ name: c.name, position: c.cursor?.position ?? 0 })),
    waited,
    quarantined: quarantine.streams,
    quarantinedBy: quarantine.byProjection,
  };
}

/**
 * Registers the state families on `registry`, read from `sql` at each
 * scrape (one read shared by the families of a scrape).
 */
export function registerProjectorState(
  registry: Registry,
  deps: { sql: Sql; store: EventStore; names?: readonly string[] },
): void {
  familiesOf(registry, "kopek_projector_state", () => {
    const names = deps.names ?? PROJECTION_NAMES;
    let pending: { at: number; state: Promise<State | null> } | null = null;
    /** The state of this scrape: one read for every family collected within a second. */
    const state = (): Promise<State | null> => {
      const now = performance.now();
      if (pending && now - pending.at < 1_000) return pending.state;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const read = Promise.race([
        readState(deps.sql, deps.store, names),
        new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), STATE_TIMEOUT_MS)),
      ]).catch(() => null).finally(() => clearTimeout(timer));
      pending = { at: now, state: read };
      return read;
    };
    new Gauge({
      name: "kopek_projector_state_up",
      help: "1 when the projector state below was read from the database at this scrape, else 0.",
      registers: [registry],
      async collect() {
        this.set((await state()) ? 1 : 0);
      },
    });
    new Gauge({
      name: "kopek_projector_head_position",
      help: "Position of the last committed event of the log.",
      registers: [registry],
      async collect() {
        const s = await state();
        if (s) this.set(s.head);
      },
    });
    new Gauge({
      name: "kopek_projector_checkpoint_position",
      help: "Position of the last event applied to each projection.",
      labelNames: ["projection"] as const,
      registers: [registry],
      async collect() {
        const s = await state();
        for (const c of s?.checkpoints ?? []) this.set({ projection: c.name }, c.position);
      },
    });
    new Gauge({
      name: "kopek_projector_lag_events",
      help: "Events each projection is behind the head of the log.",
      labelNames: ["projection"] as const,
      registers: [registry],
      async collect() {
        const s = await state();
        for (const c of s?.checkpoints ?? []) {
          this.set({ projection: c.name }, Math.max(0, s!.head - c.position));
        }
      },
    });
    new Gauge({
      name: "kopek_projector_lag_seconds",
      help: "How long the oldest event not yet applied to every projection has waited (0: none).",
      registers: [registry],
      async collect() {
        const s = await state();
        if (s) this.set(s.waited);
      },
    });
    new Gauge({
      name: "kopek_projector_quarantined_streams",
      help: "Streams quarantined by at least one projection (kopek quarantine list).",
      registers: [registry],
      async collect() {
        const s = await state();
        if (s) this.set(s.quarantined);
      },
    });
    new Gauge({
      name: "kopek_projector_quarantined",
      help: "Quarantine entries (stream and projection) of each projection.",
      labelNames: ["projection"] as const,
      registers: [registry],
      async collect() {
        const s = await state();
        if (!s) return;
        for (const name of names) this.set({ projection: name }, s.quarantinedBy[name] ?? 0);
      },
    });
    return true;
  });
}
