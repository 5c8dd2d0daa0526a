/**
 * Reading long histories a page at a time, so that verifying or exporting
 * a stream of any length holds one page in memory.
 *
 * @module
 */
import type { EventStore, StoredEvent } from "./port.ts";

/** Events per page (one round trip each). */
export const PAGE_SIZE = 2_000;

/** Every event of a stream in version order, up to a position when given. */
export async function* streamEvents(
  store: EventStore,
  stream: string,
  options: { untilPosition?: number; pageSize?: number } = {},
): AsyncGenerator<StoredEvent> {
  const limit = options.pageSize ?? PAGE_SIZE;
  let afterVersion = 0;
  while (true) {
    const page = await store.readStream(stream, {
      afterVersion,
      limit,
      untilPosition: options.untilPosition,
    });
    yield* page;
    if (page.length < limit) return;
    afterVersion = page[page.length - 1].version;
  }
}

/** Every stream name (with a prefix when given), in code-point order. */
export async function* allStreams(
  store: EventStore,
  prefix?: string,
): AsyncGenerator<string> {
  let after: string | null = null;
  while (true) {
    const page: string[] = await store.streams({ after, limit: 500, prefix });
    yield* page;
    if (page.length < 500) return;
    after = page[page.length - 1];
  }
}

/** The events of several streams, one stream after another (up to a position when given). */
export async function* eventsOfStreams(
  store: EventStore,
  streams: AsyncIterable<string> | Iterable<string>,
  options: { untilPosition?: number } = {},
): AsyncGenerator<StoredEvent> {
  for await (const stream of streams) yield* streamEvents(store, stream, options);
}
