/**
 * Group events as projections see them: parsed once per batch, with the
 * coordinates (stream version, global position, time) the read models keep.
 *
 * @module
 */
import { type GroupEvent, groupIdOfStream, parseGroupEvent } from "@kopek/domain";
import type { StoredEvent } from "@kopek/eventstore";

/** A parsed group event and where it sits in its stream and in the log. */
export interface GroupEnvelope {
  /** The group (the stream `group-<groupId>`). */
  readonly groupId: string;
  /** The event's version in the group stream. */
  readonly version: number;
  /** The event's global position. */
  readonly position: number;
  /** When the command that caused it was decided (RFC 3339). */
  readonly at: string;
  /** The typed event. */
  readonly event: GroupEvent;
}

/**
 * Parses the group events of a page of the global log (other streams, such
 * as accounts, are skipped), keeping the log's order.
 */
export function toGroupEnvelopes(events: readonly StoredEvent[]): GroupEnvelope[] {
  const out: GroupEnvelope[] = [];
  for (const e of events) {
    const groupId = groupIdOfStream(e.stream);
    if (groupId === null) continue;
    out.push({
      groupId,
      version: e.version,
      position: e.position,
      at: e.metadata.at,
      event: parseGroupEvent(e.type, e.schemaVersion, e.data),
    });
  }
  return out;
}
