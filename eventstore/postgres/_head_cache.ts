/**
 * A bounded least-recently-used map of stream heads, per adapter instance.
 *
 * @module
 */

/**
 * A stream's last version, that event's hash and its `metadata.at` (null when
 * the stream is empty). The hash covers the metadata, so a head whose hash an
 * append's concurrency check confirms also confirms its `at`.
 */
export interface StreamHead {
  /** The last version; 0 for a stream without events. */
  version: number;
  /** The last event's hash; null when version is 0. */
  hash: string | null;
  /** The last event's `metadata.at`; null when version is 0. */
  at: string | null;
}

/** A bounded LRU of stream heads; a Map keeps insertion order, so re-inserting refreshes. */
export class HeadCache {
  readonly #heads = new Map<string, StreamHead>();

  /** Creates a cache holding at most `capacity` streams. */
  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) {
      throw new RangeError("Head cache capacity must be a non-negative integer");
    }
  }

  /** The number of cached streams. */
  get size(): number {
    return this.#heads.size;
  }

  /** The cached head, marking it recently used. */
  get(stream: string): StreamHead | undefined {
    const head = this.#heads.get(stream);
    if (head !== undefined) {
      this.#heads.delete(stream);
      this.#heads.set(stream, head);
    }
    return head;
  }

  /** Stores a head as read from the database, whatever was cached. */
  set(stream: string, head: StreamHead): void {
    if (this.capacity === 0) return;
    this.#heads.delete(stream);
    this.#heads.set(stream, head);
    if (this.#heads.size > this.capacity) {
      const oldest = this.#heads.keys().next().value;
      if (oldest !== undefined) this.#heads.delete(oldest);
    }
  }

  /** Stores a head unless a newer one is cached (versions only grow). */
  advance(stream: string, head: StreamHead): void {
    const cached = this.#heads.get(stream);
    if (cached === undefined || cached.version < head.version) this.set(stream, head);
  }

  /** Forgets a stream. */
  delete(stream: string): void {
    this.#heads.delete(stream);
  }
}
