/**
 * The expense list as it stood at an instant (`GET …/expenses?asOf=`):
 * the expenses read model's own pure fold run over the group's events
 * decided up to then, read a page at a time from the event store, then
 * filtered, ordered and paged like the read model's list.
 *
 * @module
 */
import type { EventStore } from "@kopek/eventstore";
import {
  entriesState,
  type EntryFilter,
  type EntryRow,
  type EntryView,
  foldEntries,
} from "@kopek/projector";
import { groupEventsAsOf } from "../as_of.ts";

/** Every expense and settlement of the group as of `until` (ms since the epoch). */
export async function entriesAsOf(
  store: EventStore,
  groupId: string,
  until: number,
): Promise<EntryRow[]> {
  const state = entriesState();
  for await (const env of groupEventsAsOf(store, groupId, until)) foldEntries(state, [env]);
  return [...state.rows.values()];
}

/**
 * The rows `listEntries` would answer for the filter (`q` aside), newest
 * first by date then by created position, at most `limit`.
 */
export function listFolded(rows: readonly EntryRow[], filter: Omit<EntryFilter, "q">): EntryView[] {
  const kind = filter.kind ?? "expense";
  const after = filter.after ?? null;
  return rows
    .filter((r) =>
      (kind === "all" || r.kind === kind) &&
      (filter.includeVoided || !r.voided) &&
      (!filter.from || r.date >= filter.from) &&
      (!filter.to || r.date <= filter.to) &&
      (!filter.category || r.category === filter.category) &&
      (!filter.memberId || r.memberIds.includes(filter.memberId)) &&
      (!after || r.date < after.date ||
        (r.date === after.date && r.createdPosition < after.position))
    )
    .sort((a, b) =>
      a.date === b.date ? b.createdPosition - a.createdPosition : a.date < b.date ? 1 : -1
    )
    .slice(0, filter.limit)
    .map((r) => ({
      id: r.entryId,
      kind: r.kind,
      version: r.revision,
      voided: r.voided,
      date: r.date,
      createdPosition: r.createdPosition,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
      data: r.data!,
    }));
}
