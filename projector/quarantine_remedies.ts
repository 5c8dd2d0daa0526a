/**
 * What an operator does about a quarantined stream (ADR 0016, runbook
 * "A stream is quarantined"):
 *
 * - **retry**, after a release that fixes the projection (or the upcaster):
 *   re-applies the stream's events from the quarantined one on, in version
 *   order, up to the projection's checkpoint (the runner applies the later
 *   ones), in one transaction under the projection's advisory lock, through
 *   the same fault isolation as every batch; the quarantine is lifted when
 *   they all apply. If one fails again the events before it stay applied and
 *   the stream stays quarantined at it, `attempts` + 1 and the new error.
 * - **skip**, when an operator has decided that the projection must ignore
 *   the quarantined event for good: only the event the stream is quarantined
 *   at can be skipped; the decision (who, why, when, the event and its
 *   error) is recorded in `projector_skipped_events` and honoured by the
 *   runner, retries, rebuilds and replays; then the stream's later events
 *   are re-applied in order as a retry does (a later event may quarantine it
 *   again, at that event).
 *
 * @module
 */
import { groupStream, Id } from "@kopek/domain";
import { compareCursors, type Cursor, type EventStore } from "@kopek/eventstore";
import type { Logger, Sql, TransactionSql } from "@kopek/platform";
import { applyIsolated, logQuarantined } from "./apply.ts";
import { holdIfConnectionLost } from "./_connection_lost.ts";
import { readCheckpoints } from "./checkpoints.ts";
import { parseGroupEvents } from "./envelope.ts";
import type { Projection } from "./projection.ts";
import { PROJECTIONS } from "./projections/mod.ts";
import { lockProjection } from "./projector.ts";
import {
  liftQuarantine,
  listQuarantine,
  LIVE_QUARANTINE,
  type QuarantinedStream,
  type QuarantineEntry,
} from "./quarantine.ts";

/** What retry and skip need. */
export interface RemedyOptions {
  /** The pool of the event store's database (the live read models). */
  readonly sql: Sql;
  readonly store: EventStore;
  readonly logger: Logger;
  /** The projections (default: all of them). */
  readonly projections?: readonly Projection[];
  /** Events read and applied at a time (default 2,000). */
  readonly batchSize?: number;
}

/** A request an operator made that cannot be done (the message says why). */
export class QuarantineError extends Error {
  override name = "QuarantineError";
}

/** The stream named by a stream name (`group-<id>`) or a group id. */
export function streamArg(value: string): string {
  if (Id.safeParse(value).success) return groupStream(value.toLowerCase());
  if (value.startsWith("group-") && value.length > "group-".length) return value;
  throw new QuarantineError(
    `${JSON.stringify(value)} is not a group stream (group-<id>) or a group id`,
  );
}

/** What one retry or skip did to one projection's stream. */
export interface RemedyOutcome {
  readonly projection: string;
  readonly stream: string;
  /** Events re-applied (before the one that failed again, if any). */
  readonly applied: number;
  /** The quarantine after it: null when lifted. */
  readonly quarantine: QuarantineEntry | null;
}

function projectionNamed(options: RemedyOptions, name: string): Projection {
  const p = (options.projections ?? PROJECTIONS).find((x) => x.name === name);
  if (!p) {
    throw new QuarantineError(
      `${name} is not a projection of this version: rebuild it or delete its quarantine rows`,
    );
  }
  return p;
}

function checkProjection(options: RemedyOptions, name: string | undefined) {
  if (name !== undefined) projectionNamed(options, name);
}

/**
 * Re-applies events of `stream` to `p` from `fromVersion` on, up to the
 * checkpoint, inside `tx` (which holds the projection's lock and no longer
 * quarantines the stream). Stops at the first fault.
 */
async function reapply(
  options: RemedyOptions,
  tx: TransactionSql,
  p: Projection,
  stream: string,
  fromVersion: number,
): Promise<{ applied: number; faults: QuarantinedStream[] }> {
  const [checkpoint] = await readCheckpoints(tx, [p.name]);
  const until: Cursor | null = checkpoint?.cursor ?? null;
  const limit = options.batchSize ?? 2_000;
  let applied = 0;
  let afterVersion = fromVersion - 1;
  while (until !== null) {
    // Through the pool, after the lock: every event up to the checkpoint is committed.
    const page = await options.store.readStream(stream, { afterVersion, limit });
    if (page.length === 0) break;
    const passed = page.filter((e) =>
      compareCursors({ txId: e.txId, position: e.position }, until) <= 0
    );
    const faults = await applyIsolated(tx, p, parseGroupEvents(passed), LIVE_QUARANTINE);
    if (faults.length > 0) {
      return {
        applied: applied + passed.filter((e) => e.version < faults[0].version).length,
        faults,
      };
    }
    applied += passed.length;
    // The rest is past the checkpoint: the runner applies it, in the log's order.
    if (passed.length < page.length || page.length < limit) break;
    afterVersion = page[page.length - 1].version;
  }
  return { applied, faults: [] };
}

async function entryOf(
  tx: TransactionSql,
  projection: string,
  stream: string,
): Promise<QuarantineEntry | null> {
  const rows = await listQuarantine(tx);
  return rows.find((r) => r.projection === projection && r.stream === stream) ?? null;
}

/**
 * Retries quarantined streams: one (`stream`), or every one (`stream`
 * undefined), for one projection or all. Answers one outcome per
 * projection and stream tried, in projection then stream order.
 */
export async function retryQuarantined(
  options: RemedyOptions,
  which: { readonly stream?: string; readonly projection?: string },
): Promise<RemedyOutcome[]> {
  checkProjection(options, which.projection);
  const stream = which.stream === undefined ? undefined : streamArg(which.stream);
  const chosen = (await listQuarantine(options.sql)).filter((q) =>
    (stream === undefined || q.stream === stream) &&
    (which.projection === undefined || q.projection === which.projection)
  );
  if (stream !== undefined && chosen.length === 0) {
    throw new QuarantineError(
      `${stream} is not quarantined${
        which.projection ? ` for ${which.projection}` : ""
      } (kopek quarantine list)`,
    );
  }
  const outcomes: RemedyOutcome[] = [];
  for (const q of chosen) {
    const p = projectionNamed(options, q.projection);
    const outcome = await options.sql.begin((tx) =>
      holdIfConnectionLost(async () => {
        await lockProjection(tx, p.name);
        const old = await liftQuarantine(tx, p.name, q.stream);
        if (!old) return null; // lifted meanwhile by another operator
        const { applied, faults } = await reapply(options, tx, p, q.stream, old.version);
        if (faults.length === 0) {
          return { projection: p.name, stream: q.stream, applied, quarantine: null, faults };
        }
        await tx`
        UPDATE projector_quarantine
        SET first_seen_at = ${old.firstSeenAt}, attempts = ${old.attempts + 1}
        WHERE projection = ${p.name} AND stream = ${q.stream}`;
        const quarantine = await entryOf(tx, p.name, q.stream);
        return { projection: p.name, stream: q.stream, applied, quarantine, faults };
      })
    );
    if (outcome === null) continue;
    const { faults, ...result } = outcome;
    if (faults.length > 0) logQuarantined(options.logger, faults, { retried: true });
    else {
      options.logger.info(
        { projection: result.projection, stream: result.stream, applied: result.applied },
        "quarantine lifted: the stream's events applied",
      );
    }
    outcomes.push(result);
  }
  return outcomes;
}

/** An operator's decision to skip the event a stream is quarantined at. */
export interface SkipRequest {
  readonly stream: string;
  /** The position of the quarantined event (as `kopek quarantine list` shows it). */
  readonly position: number;
  /** Who decided (recorded; the database role is recorded too). */
  readonly decidedBy: string;
  /** Why (recorded). */
  readonly reason?: string;
  /** Only for this projection (default: every projection quarantined at that event). */
  readonly projection?: string;
}

/**
 * Skips the event a stream is quarantined at, for the projection named or
 * for every projection quarantined at that very event, then re-applies the
 * stream's later events (see the module doc). Refuses a stream that is not
 * quarantined at `position`.
 */
export async function skipQuarantined(
  options: RemedyOptions,
  request: SkipRequest,
): Promise<RemedyOutcome[]> {
  checkProjection(options, request.projection);
  const stream = streamArg(request.stream);
  const decidedBy = request.decidedBy.trim();
  if (decidedBy === "" || decidedBy.length > 200) {
    throw new QuarantineError("say who decides to skip (1 to 200 characters)");
  }
  if ((request.reason?.length ?? 0) > 2000) {
    throw new QuarantineError("the reason is longer than 2,000 characters");
  }
  const rows = (await listQuarantine(options.sql)).filter((q) =>
    q.stream === stream && (request.projection === undefined || q.projection === request.projection)
  );
  const chosen = rows.filter((q) => q.position === request.position);
  if (chosen.length === 0) {
    throw new QuarantineError(
      rows.length === 0
        ? `${stream} is not quarantined${
          request.projection ? ` for ${request.projection}` : ""
        } (kopek quarantine list)`
        : `${stream} is quarantined at ${
          rows.map((r) => `position ${r.position} for ${r.projection}`).join(", ")
        }, not at position ${request.position}: only the event it stopped at can be skipped`,
    );
  }
  const outcomes: RemedyOutcome[] = [];
  for (const q of chosen) {
    const p = projectionNamed(options, q.projection);
    const outcome = await options.sql.begin((tx) =>
      holdIfConnectionLost(async () => {
        await lockProjection(tx, p.name);
        const old = await liftQuarantine(tx, p.name, stream);
        if (!old || old.position !== request.position) {
          throw new QuarantineError(
            `the quarantine of ${stream} for ${p.name} changed meanwhile: list it again`,
          );
        }
        await tx`
        INSERT INTO projector_skipped_events
          (projection, position, stream, version, event_id, event_type, error, decided_by, reason)
        VALUES (${p.name}, ${old.position}, ${stream}, ${old.version}, ${old.eventId},
                ${old.eventType}, ${old.error}, ${decidedBy}, ${request.reason ?? null})`;
        const { applied, faults } = await reapply(options, tx, p, stream, old.version + 1);
        const quarantine = faults.length > 0 ? await entryOf(tx, p.name, stream) : null;
        return { projection: p.name, stream, applied, quarantine, faults, old };
      })
    );
    const { faults, old, ...result } = outcome;
    options.logger.warn(
      {
        projection: p.name,
        stream,
        position: old.position,
        eventId: old.eventId,
        decidedBy,
        reason: request.reason,
      },
      "event skipped by an operator: the read model ignores it for good",
    );
    if (faults.length > 0) logQuarantined(options.logger, faults, { afterSkip: true });
    outcomes.push(result);
  }
  return outcomes;
}

/** A row of `projector_skipped_events`. */
export interface SkippedEvent {
  readonly projection: string;
  readonly stream: string;
  readonly position: number;
  readonly version: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly error: string;
  readonly decidedBy: string;
  readonly reason: string | null;
  readonly dbUser: string;
  readonly decidedAt: Date;
}

/** The skip decisions, by projection and position. */
export async function listSkipped(sql: Sql): Promise<SkippedEvent[]> {
  const rows = await sql<(Omit<SkippedEvent, "position"> & { position: string })[]>`
    SELECT projection, stream, position::text AS position, version, event_id::text AS "eventId",
           event_type AS "eventType", error, decided_by AS "decidedBy", reason,
           db_user AS "dbUser", decided_at AS "decidedAt"
    FROM projector_skipped_events ORDER BY projection, position`;
  return rows.map((r) => ({ ...r, position: Number(r.position) }));
}
