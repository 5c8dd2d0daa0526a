/**
 * A group's history as it stood at an instant, for the `asOf` reads: its
 * events decided by then (the domain's `decidedBy`), parsed as the
 * projections see them, read from the event store a page at a time.
 *
 * @module
 */
import { decidedBy, groupStream } from "@kopek/domain";
import { type EventStore, streamEvents } from "@kopek/eventstore";
import { type GroupEnvelope, toGroupEnvelopes } from "@kopek/projector";

/** The group's events decided at or before `until` (ms since the epoch), in version order. */
export async function* groupEventsAsOf(
  store: EventStore,
  groupId: string,
  until: number,
): AsyncGenerator<GroupEnvelope> {
  for await (const e of streamEvents(store, groupStream(groupId))) {
    if (decidedBy(e.metadata.at, until)) yield* toGroupEnvelopes([e]);
  }
}
