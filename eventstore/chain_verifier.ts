/**
 * Recomputes the per-stream hash chain over events given in order: each
 * stream must start at version 1 with no previous hash, go up one version at
 * a time, name the previous event's hash, and carry the hash of its own
 * canonical content. The verifier keeps only each stream's head, so it checks
 * a history of any length in memory proportional to the number of streams.
 *
 * The same check serves `GET /v1/groups/{g}/verify`, `kopek verify`, and the
 * import of a dump (which refuses a history that fails it).
 *
 * @module
 */
import {
  eventHashOfText,
  eventHashOfUtf8,
  eventHashSync,
  type HashedEventFields,
  type HashedTextFields,
} from "./hash.ts";
import { streamChainEventPages } from "./paging.ts";
import type { EventStore, StoredBytesEvent } from "./port.ts";

/** An event as the verifier sees it: the hashed fields, its place and its chain links. */
export interface ChainedEvent extends HashedEventFields {
  /** Global position (reported when the event is the first bad one). */
  readonly position: number;
  /** The stored hash. */
  readonly hash: string;
  /** The stored previous hash; null for version 1. */
  readonly prevHash: string | null;
}

/** A {@linkcode ChainedEvent} with its data and metadata as the stored JSON text. */
export interface ChainedTextEvent extends HashedTextFields {
  /** Global position (reported when the event is the first bad one). */
  readonly position: number;
  /** The stored hash. */
  readonly hash: string;
  /** The stored previous hash; null for version 1. */
  readonly prevHash: string | null;
}

/** Why an event breaks the chain. */
export type ChainFault =
  | "hash_mismatch"
  | "prev_hash_mismatch"
  | "version_gap"
  | "position_order";

/** The outcome of a verification, in the shape of `GET …/verify`. */
export interface ChainReport {
  /** True when every event checked out. */
  readonly ok: boolean;
  /** How many events were checked. */
  readonly events: number;
  /** The hash of the last event seen (the head of a one-stream history); null when empty. */
  readonly headHash: string | null;
  /** The position of the first event that breaks the chain; null when none does. */
  readonly firstBadPosition: number | null;
  /** What was wrong with it; null when nothing was. */
  readonly fault: ChainFault | null;
  /** The stream of the first bad event; null when none. */
  readonly firstBadStream: string | null;
}

interface Head {
  version: number;
  hash: string;
  position: number;
}

/** Checks events one at a time; {@linkcode ChainVerifier.report} says how it went. */
export class ChainVerifier {
  readonly #heads = new Map<string, Head>();
  #events = 0;
  #headHash: string | null = null;
  #bad: { position: number; fault: ChainFault; stream: string } | null = null;

  /**
   * Checks the next event of its stream (streams may interleave, each in
   * version order). After a fault the verifier keeps
   * counting and follows the stored hashes, so that one bad event is reported
   * once and the ones after it are judged against what is stored. Answers
   * what is wrong with this event, or null.
   */
  push(e: ChainedEvent | ChainedTextEvent | StoredBytesEvent): ChainFault | null {
    this.#events++;
    const fault = this.#faultOf(e);
    if (fault !== null && this.#bad === null) {
      this.#bad = { position: e.position, fault, stream: e.stream };
    }
    this.#heads.set(e.stream, { version: e.version, hash: e.hash, position: e.position });
    this.#headHash = e.hash;
    return fault;
  }

  /** The verdict so far. */
  report(): ChainReport {
    return {
      ok: this.#bad === null,
      events: this.#events,
      headHash: this.#headHash,
      firstBadPosition: this.#bad?.position ?? null,
      fault: this.#bad?.fault ?? null,
      firstBadStream: this.#bad?.stream ?? null,
    };
  }

  #faultOf(e: ChainedEvent | ChainedTextEvent | StoredBytesEvent): ChainFault | null {
    const head = this.#heads.get(e.stream);
    if (head && e.position <= head.position) return "position_order";
    if (e.version !== (head?.version ?? 0) + 1) return "version_gap";
    if (e.prevHash !== (head?.hash ?? null)) return "prev_hash_mismatch";
    const hash = "dataBytes" in e
      ? eventHashOfUtf8(e.prevHash, e)
      : "dataText" in e
      ? eventHashOfText(e.prevHash, e)
      : eventHashSync(e.prevHash, e);
    if (hash !== e.hash) return "hash_mismatch";
    return null;
  }
}

/**
 * Verifies one stream of a store: read in one COPY as bytes where the store
 * can (`readStreamBytes`, ADR 0076: no row objects, no strings of the JSON),
 * else a page at a time (`streamChainEventPages`: as JSON text where the store
 * can), in memory of a page or two: what `GET …/verify` and `kopek verify
 * --group` check.
 */
export async function verifyStream(
  store: EventStore,
  stream: string,
  options: { untilPosition?: number } = {},
): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  const pages = store.readStreamBytes?.(stream, options) ??
    streamChainEventPages(store, stream, options);
  for await (const page of pages) {
    for (const e of page) verifier.push(e);
  }
  return verifier.report();
}

/** Verifies a whole history given as an (async) iterable, in order. */
export async function verifyChain(
  events:
    | AsyncIterable<ChainedEvent | ChainedTextEvent>
    | Iterable<ChainedEvent | ChainedTextEvent>,
): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  for await (const e of events) verifier.push(e);
  return verifier.report();
}
