/**
 * Wraps built group events into envelopes for the pure fold tests.
 *
 * @module
 */
import type { GroupEvent } from "@kopek/domain";
import type { GroupEnvelope } from "../envelope.ts";

/** Envelopes of one group's events: versions 1.., positions from `firstPosition`. */
export function envelopesOf(
  groupId: string,
  events: readonly GroupEvent[],
  firstPosition = 1,
  at = "2026-01-01T00:00:00.000Z",
): GroupEnvelope[] {
  return events.map((event, i) => ({
    groupId,
    id: crypto.randomUUID(),
    version: i + 1,
    position: firstPosition + i,
    at,
    event,
  }));
}
