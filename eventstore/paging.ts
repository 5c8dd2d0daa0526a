/**
 * Reading long histories a page at a time, so that verifying or exporting
 * a stream of any length holds one page in memory.
 *
 * @module
 */
import type { EventStore, ReadStreamOptions, StoredEvent, StoredTextEvent } from "./port.ts";

/** Events per page (one round trip each). */
export const PAGE_SIZE = 2_000;

/**
 * Every event of a stream in version order (after a version, up to a
 * position when given).
 * The next page is asked for as soon as a full page arrives, so that the
 * database reads it while the caller works through this one (at most two
 * pages are held).
 */
export async function* streamEvents(
  store: EventStore,
  stream: string,
  options: { untilPosition?: number; pageSize?: number; afterVersion?: number } = {},
): AsyncGenerator<StoredEvent> {
  for await (const page of streamEventPages(store, stream, options)) yield* page;
}

/** {@linkcode streamEvents} a page at a time (for callers that loop over pages themselves). */
export function streamEventPages(
  store: EventStore,
  stream: string,
  options: { untilPosition?: number; pageSize?: number; afterVersion?: number } = {},
): AsyncGenerator<StoredEvent[]> {
  return pagesOf((o) => store.readStream(stream, o), options);
}

/**
 * The events of a stream as the chain verifier best takes them: with `data`
 * and `metadata` as JSON text where the store can read them so
 * (`readStreamText`), as {@linkcode streamEvents} otherwise. Paged and read
 * ahead as {@linkcode streamEvents} is.
 */
export async function* streamChainEvents(
  store: EventStore,
  stream: string,
  options: { untilPosition?: number; pageSize?: number } = {},
): AsyncGenerator<StoredEvent | StoredTextEvent> {
  for await (const page of streamChainEventPages(store, stream, options)) yield* page;
}

/** {@linkcode streamChainEvents} a page at a time. */
export function streamChainEventPages(
  store: EventStore,
  stream: string,
  options: { untilPosition?: number; pageSize?: number } = {},
): AsyncGenerator<StoredEvent[] | StoredTextEvent[]> {
  const readText = store.readStreamText?.bind(store);
  if (readText === undefined) return streamEventPages(store, stream, options);
  return pagesOf((o) => readText(stream, o), options);
}

async function* pagesOf<E extends { version: number }>(
  readPage: (options: ReadStreamOptions) => Promise<E[]>,
  options: { untilPosition?: number; pageSize?: number; afterVersion?: number },
): AsyncGenerator<E[]> {
  const limit = options.pageSize ?? PAGE_SIZE;
  const read = (afterVersion: number) => {
    const page = readPage({ afterVersion, limit, untilPosition: options.untilPosition });
    // Handled now (it may fail while the caller is busy, or after it stopped); awaited below.
    page.catch(() => {});
    return page;
  };
  let next: Promise<E[]> | null = read(options.afterVersion ?? 0);
  while (next !== null) {
    const page: E[] = await next;
    next = page.length < limit ? null : read(page[page.length - 1].version);
    if (page.length > 0) yield page;
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
