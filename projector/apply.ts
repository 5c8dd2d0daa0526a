/**
 * The one apply step of every batch, whoever runs it (the live runner, a
 * blue/green rebuild, an as-of replay, `kopek quarantine retry|skip`):
 * a projection applies a batch's group events inside the caller's
 * transaction, isolating the streams it cannot apply (ADR 0016).
 *
 * 1. The streams already quarantined for the projection and the events
 *    operators skipped are left out.
 * 2. An event that does not parse quarantines its stream (the events before
 *    it are applied, it and the later ones are not).
 * 3. The rest is applied under a savepoint; on an error about the data
 *    (`faults.ts`) the failing streams are found (`isolate.ts`) and
 *    quarantined, and everything else of the batch is applied. An error about
 *    the environment is rethrown: the caller's transaction rolls back and the
 *    batch is retried later, quarantining nothing.
 *
 * The caller writes its checkpoint after it, in the same transaction, and
 * logs the answered quarantines once that transaction has committed
 * ({@linkcode logQuarantined}).
 *
 * @module
 */
import { groupStream } from "@kopek/domain";
import { type Logger, sqlstateOf, type TransactionSql } from "@kopek/platform";
import type { GroupEnvelope, GroupEvents } from "./envelope.ts";
import { holdIfConnectionLost } from "./_connection_lost.ts";
import { faultMessage, isDataFault } from "./faults.ts";
import { isolateFaults } from "./isolate.ts";
import type { Projection } from "./projection.ts";
import {
  loadExclusions,
  type QuarantinedStream,
  type QuarantineTables,
  recordQuarantine,
} from "./quarantine.ts";

/**
 * Applies a batch's group events to one projection inside `tx`, isolating
 * faults (see the module doc). Answers the streams it quarantined.
 */
export async function applyIsolated(
  tx: TransactionSql,
  projection: Projection,
  batch: GroupEvents,
  tables: QuarantineTables,
): Promise<QuarantinedStream[]> {
  const { envelopes, unreadable } = batch;
  if (envelopes.length === 0 && unreadable.length === 0) return [];
  // Generic plans for the batch's statements (ADR 0074): a custom plan folds each bulk parameter
  // (thousands of values in one array literal) into a constant while planning, parsing and
  // copying it, for a plan that does not depend on the values.
  await tx`SET LOCAL plan_cache_mode = force_generic_plan`;
  const groupIds = new Set<string>();
  for (const e of envelopes) groupIds.add(e.groupId);
  for (const e of unreadable) groupIds.add(e.groupId);
  const { quarantined, skipped } = await loadExclusions(tx, tables, projection.name, [
    ...groupIds,
  ]);
  // Per stream, the first event it cannot apply: nothing from there on is applied.
  const faults = new Map<string, QuarantinedStream>();
  const fault = (f: QuarantinedStream) => {
    const known = faults.get(f.groupId);
    if (!known || f.version < known.version) faults.set(f.groupId, f);
  };
  for (const u of unreadable) {
    if (quarantined.has(u.groupId) || skipped.has(u.position)) continue;
    fault(quarantinedAt(projection.name, u, u.type, u.error));
  }
  const events = envelopes.filter((e) =>
    !quarantined.has(e.groupId) && !skipped.has(e.position) &&
    !((faults.get(e.groupId)?.version ?? Infinity) <= e.version)
  );
  const found = await isolateFaults(
    events,
    // A lost connection must end the savepoint without a ROLLBACK TO (`_connection_lost.ts`).
    (part) => tx.savepoint((sp) => holdIfConnectionLost(() => projection.apply(sp, part))),
    isDataFault,
  );
  for (const f of found) {
    fault(quarantinedAt(projection.name, f.event, f.event.event.type, f.error));
  }
  const streams = [...faults.values()];
  await recordQuarantine(tx, tables, streams);
  return streams;
}

function quarantinedAt(
  projection: string,
  e: Pick<GroupEnvelope, "groupId" | "id" | "version" | "position">,
  eventType: string,
  error: unknown,
): QuarantinedStream {
  return {
    projection,
    stream: groupStream(e.groupId),
    groupId: e.groupId,
    position: e.position,
    version: e.version,
    eventId: e.id,
    eventType,
    error: faultMessage(error),
    sqlstate: sqlstateOf(error),
  };
}

/**
 * Logs each quarantined stream at `error` (once its transaction has
 * committed): projection, stream, position, error, and `context` (e.g. the
 * build schema).
 */
export function logQuarantined(
  logger: Logger,
  streams: readonly QuarantinedStream[],
  context: Record<string, unknown> = {},
): void {
  for (const s of streams) {
    logger.error(
      {
        ...context,
        projection: s.projection,
        stream: s.stream,
        position: s.position,
        version: s.version,
        eventId: s.eventId,
        eventType: s.eventType,
        sqlstate: s.sqlstate ?? undefined,
        error: s.error,
      },
      "stream quarantined: the projection skips its events from this one on " +
        "(kopek quarantine list)",
    );
  }
}
