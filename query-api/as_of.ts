/**
 * A group's history as it stood at an instant, for the `asOf` reads: its
 * events decided by then (the domain's `decidedBy`), parsed as the
 * projections see them, read from the event store a page at a time; and the
 * group's state then, folded from the latest snapshot decided by then
 * (ADR 0065).
 *
 * The store keeps `metadata.at` non-decreasing within a stream (ADR 0026):
 * the events decided by an instant are a prefix of the stream, and the reads
 * stop at the first event after it.
 *
 * @module
 */
import {
  decidedBy,
  groupFold,
  type GroupHead,
  groupHeadFold,
  type GroupState,
  groupStream,
} from "@kopek/domain";
import {
  type EventStore,
  foldHead,
  foldStream,
  type SnapshotStore,
  streamEvents,
} from "@kopek/eventstore";
import { type GroupEnvelope, toGroupEnvelopes } from "@kopek/projector";

/** The group's events decided at or before `until` (ms since the epoch), in version order. */
export async function* groupEventsAsOf(
  store: EventStore,
  groupId: string,
  until: number,
): AsyncGenerator<GroupEnvelope> {
  for await (const e of streamEvents(store, groupStream(groupId))) {
    if (!decidedBy(e.metadata.at, until)) return;
    yield* toGroupEnvelopes([e]);
  }
}

/** Where {@linkcode groupStateAsOf} finds and keeps snapshots. */
export interface AsOfSnapshots {
  /** The snapshot store; null folds every time from the first event. */
  readonly snapshots: SnapshotStore | null;
  /** Events between snapshots (default `SNAPSHOT_EVERY`; tests use small ones). */
  readonly every?: number;
  /** Told of a snapshot that could not be read, used or written (the answer is unaffected). */
  readonly onSnapshotProblem?: (problem: string, err?: unknown) => void;
}

/**
 * The group folded over its events decided at or before `until` (ms since
 * the epoch): from the latest snapshot decided by then, then the events after
 * it up to the first one after `until`, a page at a time. Costs the
 * snapshot's decoding plus at most `SNAPSHOT_EVERY` events once snapshots
 * are written (a read that folds past a multiple of it writes one).
 */
export async function groupStateAsOf(
  store: EventStore,
  groupId: string,
  until: number,
  options: AsOfSnapshots = { snapshots: null },
): Promise<GroupState> {
  const folded = await foldStream(store, options.snapshots, groupStream(groupId), groupFold, {
    until,
    every: options.every,
    onSnapshotProblem: options.onSnapshotProblem,
  });
  return folded.state;
}

/**
 * What the balances as of `until` need of the group (its head: members,
 * totals, pair debts, and only the entries the folded events touched), from
 * the latest snapshot's head decided by then and fewer than `SNAPSHOT_EVERY`
 * events after it: O(members + events since the snapshot), whatever the
 * number of entries. Far from a snapshot (or without one) it is
 * {@linkcode groupStateAsOf}'s fold, which writes the snapshot the next
 * reads start from.
 */
export function groupHeadAsOf(
  store: EventStore,
  groupId: string,
  until: number,
  options: AsOfSnapshots = { snapshots: null },
): Promise<GroupHead> {
  return foldHead(store, options.snapshots, groupStream(groupId), groupHeadFold, {
    until,
    every: options.every,
    onSnapshotProblem: options.onSnapshotProblem,
  });
}
