/**
 * Group events as projections see them: parsed once per batch, with the
 * coordinates (stream version, global position, time) the read models keep.
 *
 * @module
 */
import {
  type GroupEvent,
  groupEventSchemaVersion,
  groupIdOfStream,
  isGroupEventType,
  parseGroupEvent,
} from "@kopek/domain";
import type { StoredEvent } from "@kopek/eventstore";

/** A parsed group event and where it sits in its stream and in the log. */
export interface GroupEnvelope {
  /** The group (the stream `group-<groupId>`). */
  readonly groupId: string;
  /** The event's id (names it in the quarantine table). */
  readonly id: string;
  /** The event's version in the group stream. */
  readonly version: number;
  /** The event's global position. */
  readonly position: number;
  /** When the command that caused it was decided (RFC 3339). */
  readonly at: string;
  /** The typed event. */
  readonly event: GroupEvent;
}

/** A group event that does not parse (unknown type or version, data its schema refuses). */
export interface UnreadableEvent {
  readonly groupId: string;
  readonly id: string;
  readonly version: number;
  readonly position: number;
  /** `metadata.at` as stored. */
  readonly at: string;
  /** The stored type name. */
  readonly type: string;
  /** Why it does not parse. */
  readonly error: unknown;
}

/**
 * An event of a type, or a schema version, this release does not know: a
 * newer release wrote it (a rolling deploy that upgraded the command side
 * first). It is not the event's fault, and quarantining it would leave the
 * group's read models behind (its access too) until an operator acts: the
 * batch stalls instead, loudly, until this projector is upgraded. Its `code`
 * makes the fault an environment one (ADR 0016).
 */
export class NewerEventError extends Error {
  /** Stable error code. */
  readonly code = "projector.newer_event";
  /** Creates the error for the event at `position`. */
  constructor(readonly type: string, readonly schemaVersion: number, readonly position: number) {
    super(
      `the event at position ${position} (${type}, schema version ${schemaVersion}) is newer ` +
        "than this projector: upgrade it",
    );
    this.name = "NewerEventError";
  }
}

/** A page of the log's group events: those that parse, and those that do not. */
export interface GroupEvents {
  /** The parsed events, in the log's order. */
  readonly envelopes: GroupEnvelope[];
  /** The events that do not parse, in the log's order (each quarantines its stream). */
  readonly unreadable: UnreadableEvent[];
}

/**
 * Parses the group events of a page of the global log (other streams, such
 * as accounts, are skipped), keeping the log's order. An event that does not
 * parse lands in `unreadable` instead of failing the page; one of a type or
 * version this release does not know throws {@linkcode NewerEventError}.
 */
export function parseGroupEvents(events: readonly StoredEvent[]): GroupEvents {
  const envelopes: GroupEnvelope[] = [];
  const unreadable: UnreadableEvent[] = [];
  for (const e of events) {
    const groupId = groupIdOfStream(e.stream);
    if (groupId === null) continue;
    const at = e.metadata.at;
    const coordinates = { groupId, id: e.id, version: e.version, position: e.position, at };
    if (!isGroupEventType(e.type) || e.schemaVersion > groupEventSchemaVersion(e.type)) {
      throw new NewerEventError(e.type, e.schemaVersion, e.position);
    }
    let event: GroupEvent;
    try {
      event = parseGroupEvent(e.type, e.schemaVersion, e.data);
    } catch (error) {
      unreadable.push({ ...coordinates, type: e.type, error });
      continue;
    }
    envelopes.push({ ...coordinates, event });
  }
  return { envelopes, unreadable };
}

/**
 * Parses the group events of a page of the global log, keeping the log's
 * order; throws on the first one that does not parse (query-api's reads of
 * one group, which answer an error rather than a partial history).
 */
export function toGroupEnvelopes(events: readonly StoredEvent[]): GroupEnvelope[] {
  const { envelopes, unreadable } = parseGroupEvents(events);
  if (unreadable.length > 0) throw unreadable[0].error;
  return envelopes;
}
