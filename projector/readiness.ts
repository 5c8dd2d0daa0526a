/**
 * The projector's health checks.
 *
 * - {@linkcode projectorReadinessCheck}: whether the read models are current
 *   enough to serve, read from the database alone (the checkpoints and the
 *   log), so that any process can ask it, the query API included: the lag
 *   (events not applied yet) is at most {@linkcode READY_MAX_LAG}, and the
 *   oldest event not applied yet was appended at most
 *   {@linkcode READY_MAX_WAIT_SECONDS} ago (a projector that is dead, paused
 *   or stalled leaves events waiting, however few). Both are measured on the
 *   database's clock. A quarantine does not make it fail (every other group
 *   is current, ADR 0016); the detail names it so that an operator sees it.
 * - {@linkcode projectorLoopCheck}: the liveness of a projector loop in this
 *   process: a round ended within {@linkcode LOOP_STUCK_SECONDS}.
 * - {@linkcode projectorServiceHealth}: both, for the projector's own endpoints.
 *
 * @module
 */
import { type EventStore, schemaReadinessCheck } from "@kopek/eventstore";
import { databaseWritableCheck, type ReadinessCheck, type Sql } from "@kopek/platform";
import { checkpointPosition } from "./checkpoints.ts";
import { PROJECTOR_PROCESS_SCHEMA } from "./compose.ts";
import type { Projector } from "./projector.ts";
import { PROJECTION_NAMES } from "./projections/mod.ts";
import { quarantineSummary } from "./quarantine.ts";

/** Most events the read models may lag behind before the check fails (default). */
export const READY_MAX_LAG = 10_000;

/**
 * Longest an appended event may wait to be applied before the check fails
 * (seconds, default): a projector applies an event within milliseconds, and
 * catches up on 10,000 in a few seconds.
 */
export const READY_MAX_WAIT_SECONDS = 30;

/** Longest a running projector loop may go without ending a round before it is stuck (seconds). */
export const LOOP_STUCK_SECONDS = 60;

/** Options of {@linkcode projectorReadinessCheck}. */
export interface ProjectorReadinessOptions {
  readonly sql: Sql;
  readonly store: EventStore;
  /** The lag above which the check fails (default {@linkcode READY_MAX_LAG}). */
  readonly maxLag?: number;
  /** The wait above which the check fails (default {@linkcode READY_MAX_WAIT_SECONDS}). */
  readonly maxWaitSeconds?: number;
  /** Whether a failed check makes `/readyz` 503 (default true). */
  readonly critical?: boolean;
}

/**
 * How long the oldest event that some projection has not applied has waited
 * (seconds on the database's clock since its append; 0 when none waits).
 */
export async function oldestUnappliedWaitSeconds(
  sql: Sql,
  names: readonly string[] = PROJECTION_NAMES,
): Promise<number> {
  // The least checkpoint in the log's order, then the first event after it (the index on
  // (tx_id, position)). A checkpoint before its first event has no tx_id: "0" is before all.
  const [row] = await sql<{ waited: number }[]>`
    WITH c AS (
      SELECT coalesce(tx_id, '0'::xid8) AS tx_id, position FROM projector_checkpoints
      WHERE name = ANY(${sql.array([...names], 25)}::text[])
      ORDER BY tx_id NULLS FIRST, position LIMIT 1
    )
    SELECT greatest(0, extract(epoch FROM now() - e.recorded_at))::float8 AS waited
    FROM c, LATERAL (
      SELECT recorded_at FROM events e
      WHERE (e.tx_id, e.position) > (c.tx_id, c.position)
      ORDER BY e.tx_id, e.position LIMIT 1
    ) e`;
  return row === undefined ? 0 : Number(row.waited);
}

/**
 * The check: ok while the lag is at most `maxLag` and no event waited longer
 * than `maxWaitSeconds`; detail e.g. `lag 0 events; 1 stream quarantined
 * (kopek quarantine list)` or `lag 12 events, the oldest waiting 75 s (the
 * projector is not advancing)`.
 */
export function projectorReadinessCheck(options: ProjectorReadinessOptions): ReadinessCheck {
  const maxLag = options.maxLag ?? READY_MAX_LAG;
  const maxWait = options.maxWaitSeconds ?? READY_MAX_WAIT_SECONDS;
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
      const waited = lag === 0 ? 0 : await oldestUnappliedWaitSeconds(options.sql);
      return {
        ok: lag <= maxLag && waited <= maxWait,
        detail: readinessDetail(lag, quarantine.streams, waited > maxWait ? waited : null),
      };
    },
  };
}

/**
 * The detail of the check; `stalledSeconds` is the oldest event's wait when
 * it is too long (null otherwise).
 */
export function readinessDetail(
  lag: number,
  quarantinedStreams: number,
  stalledSeconds: number | null = null,
): string {
  const stalled = stalledSeconds === null
    ? ""
    : `, the oldest waiting ${Math.floor(stalledSeconds)} s (the projector is not advancing)`;
  const quarantined = quarantinedStreams === 0
    ? ""
    : `; ${quarantinedStreams} stream${
      quarantinedStreams === 1 ? "" : "s"
    } quarantined (kopek quarantine list)`;
  return `lag ${lag} events${stalled}${quarantined}`;
}

/**
 * The liveness of this process's projector loop: fails when it runs and no
 * round ended for `stuckSeconds` (a hung round), or when it does not run.
 */
export function projectorLoopCheck(
  projector: Pick<Projector, "sinceLastRoundMs">,
  stuckSeconds = LOOP_STUCK_SECONDS,
): ReadinessCheck {
  return {
    name: "projector loop",
    check: () => {
      const since = projector.sinceLastRoundMs();
      if (since === null) return Promise.resolve({ ok: false, detail: "not running" });
      const seconds = Math.floor(since / 1000);
      return Promise.resolve(
        since <= stuckSeconds * 1000
          ? { ok: true, detail: `last round ${seconds} s ago` }
          : { ok: false, detail: `no round ended for ${seconds} s (stuck)` },
      );
    },
  };
}

/**
 * The projector service's own health (`serve:projector`): `/healthz` fails
 * when its loop is stuck (the orchestrator restarts it); `/readyz` also needs
 * the database to take writes with the projector's migrations applied, and
 * the read models current ({@linkcode projectorReadinessCheck}).
 */
export function projectorServiceHealth(
  deps: { sql: Sql; store: EventStore; projector: Pick<Projector, "sinceLastRoundMs"> },
): { checks: ReadinessCheck[]; liveness: ReadinessCheck[] } {
  const loop = projectorLoopCheck(deps.projector);
  return {
    checks: [
      databaseWritableCheck(deps.sql),
      schemaReadinessCheck(deps.sql, PROJECTOR_PROCESS_SCHEMA),
      loop,
      projectorReadinessCheck({ sql: deps.sql, store: deps.store }),
    ],
    liveness: [loop],
  };
}
