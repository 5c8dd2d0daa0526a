/**
 * The projector's reads of the global log, with read-ahead: during catch-up the next page (a
 * larger one, ADR 0064) is read while the current one is applied.
 *
 * @module
 */
import type { Cursor, EventStore, ReadAllResult } from "@kopek/eventstore";
import { cursorKey } from "./checkpoints.ts";
import { type GroupEvents, parseGroupEvents } from "./envelope.ts";

/** A page of the log and its group events, parsed as soon as the page arrives. */
export interface Page {
  readonly result: ReadAllResult;
  readonly events: GroupEvents;
  /** The most events it could have held: a page this full means the runner is behind. */
  readonly limit: number;
}

/** Reads pages of `batchSize` events, or the page read ahead for the same cursor. */
export function createPageReader(store: EventStore, batchSize: number, catchUpBatchSize: number) {
  /** A page read ahead for the cursor a batch ends at (catch-up overlaps read and apply). */
  let prefetched: { key: string; page: Promise<Page> } | null = null;

  async function readPage(after: Cursor | null, limit: number): Promise<Page> {
    const result = await store.readAll({ after, limit });
    return { result, events: parseGroupEvents(result.events), limit };
  }

  return {
    /** The page after `after`: the one read ahead for it, else a page of `batchSize`. */
    read(after: Cursor | null): Promise<Page> {
      const key = cursorKey(after);
      if (prefetched?.key === key) {
        const { page } = prefetched;
        prefetched = null;
        return page;
      }
      return readPage(after, batchSize);
    },
    /** Starts reading the page after `after`, of `catchUpBatchSize`, for the next `read`. */
    prefetch(after: Cursor): void {
      const page = readPage(after, catchUpBatchSize);
      page.catch(() => {}); // an error surfaces when the page is used
      prefetched = { key: cursorKey(after), page };
    },
  };
}
