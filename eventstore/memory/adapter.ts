/**
 * An event store in memory: the port with the PostgreSQL adapter's rules
 * (hash chain, idempotency keys with their kept answers, expected versions,
 * `metadata.at` never decreasing per stream, `readAll` cursors), for unit
 * tests of command handlers. It passes the same `eventstore/contract.ts`.
 * One process, no durability: never a production store.
 *
 * @module
 */
import { validate } from "../append_validation.ts";
import { eventHashSync } from "../hash.ts";
import { createMemoryKeyVault } from "../key_vault.ts";
import { notBefore } from "../monotonic_at.ts";
import {
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  type Cursor,
  DuplicateEventError,
  type EventMetadata,
  type EventStore,
  type Idempotency,
  IdempotencyConflictError,
  type IdempotentAnswer,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamsOptions,
  VersionConflictError,
} from "../port.ts";

/** What an idempotency key keeps: its content's digest and the first append's result. */
interface Kept {
  readonly contentHash: string;
  /** The result as first answered, its response as JSON text (or null). */
  readonly result: Omit<AppendResult, "response" | "duplicate">;
  readonly response: string | null;
}

/** A deep copy through JSON: what the store keeps and answers is never the caller's object. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function normaliseMetadata(m: EventMetadata, at: string): EventMetadata {
  return { ...m, at, causationId: m.causationId ?? null, requestId: m.requestId ?? null };
}

/**
 * The events of an append as stored: versions, hashes and `at`s after each
 * stream's head, positions after `position`, all in transaction `txId`.
 */
function prepareEvents(
  requests: readonly AppendRequest[],
  heads: ReadonlyMap<string, readonly StoredEvent[]>,
  txId: string,
  position: number,
): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const r of requests) {
    let prev = heads.get(r.stream)?.at(-1) ?? null;
    for (const e of r.events as NewEvent[]) {
      const fields = {
        id: e.id.toLowerCase(),
        stream: r.stream,
        version: (prev?.version ?? 0) + 1,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: copy(e.data),
        metadata: normaliseMetadata(
          copy(e.metadata),
          notBefore(e.metadata.at, prev?.metadata.at ?? null),
        ),
      };
      const event: StoredEvent = {
        ...fields,
        position: ++position,
        txId,
        hash: eventHashSync(prev?.hash ?? null, fields),
        prevHash: prev?.hash ?? null,
      };
      out.push(event);
      prev = event;
    }
  }
  return out;
}

/**
 * Creates an empty in-memory event store.
 *
 * @example
 * ```ts
 * const store = createMemoryEventStore();
 * await store.append({ stream: "group-1", expectedVersion: 0, events });
 * ```
 */
export function createMemoryEventStore(): EventStore {
  const log: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const ids = new Set<string>();
  const keys = new Map<string, Kept>();
  let lastTx = 0;

  const versionOf = (stream: string) => streams.get(stream)?.length ?? 0;

  function duplicate(kept: Kept): AppendResult {
    return {
      ...copy(kept.result),
      duplicate: true,
      ...(kept.response === null ? {} : { response: JSON.parse(kept.response) }),
    };
  }

  function check(r: AppendRequest): void {
    const actual = versionOf(r.stream);
    const ev = r.expectedVersion;
    if (ev === "exists" ? actual === 0 : ev !== "any" && actual !== ev) {
      throw new VersionConflictError(r.stream, ev, actual);
    }
  }

  function appendNow(
    requests: readonly AppendRequest[],
    options: AppendOptions | undefined,
  ): AppendResult {
    const idem = options?.idempotency;
    validate(requests, options);
    const kept = idem === undefined ? undefined : keys.get(idem.key);
    if (kept !== undefined) {
      if (kept.contentHash !== idem!.contentHash) throw new IdempotencyConflictError(idem!.key);
      return duplicate(kept);
    }
    for (const r of requests) check(r);
    const fresh = new Set<string>();
    for (const r of requests) {
      for (const e of r.events) {
        const id = e.id.toLowerCase();
        if (ids.has(id) || fresh.has(id)) throw new DuplicateEventError(id);
        fresh.add(id);
      }
    }
    const events = prepareEvents(
      requests,
      streams,
      String(++lastTx),
      log.at(-1)?.position ?? 0,
    );
    for (const e of events) {
      log.push(e);
      ids.add(e.id);
      const list = streams.get(e.stream) ?? [];
      list.push(e);
      streams.set(e.stream, list);
    }
    const result = {
      events: copy(events),
      position: events.at(-1)?.position ?? 0,
      streams: requests.map((r) => ({ stream: r.stream, version: versionOf(r.stream) })),
    };
    const response = idem?.response === undefined ? null : JSON.stringify(idem.response);
    if (idem !== undefined) {
      keys.set(idem.key, { contentHash: idem.contentHash, result: copy(result), response });
    }
    return {
      ...result,
      duplicate: false,
      ...(response === null ? {} : { response: JSON.parse(response) }),
    };
  }

  function readStreamNow(stream: string, o: ReadStreamOptions = {}): StoredEvent[] {
    const selected = (streams.get(stream) ?? []).filter((e) =>
      e.version > (o.afterVersion ?? 0) &&
      (o.afterPosition === undefined || e.position > o.afterPosition) &&
      (o.untilPosition === undefined || e.position <= o.untilPosition)
    );
    return copy(o.limit === undefined ? selected : selected.slice(0, o.limit));
  }

  function readAllNow(o: ReadAllOptions) {
    if (!(Number.isSafeInteger(o.limit) && o.limit >= 0)) {
      throw new TypeError("Limit must be a non-negative integer");
    }
    const after = o.after;
    // One writer at a time: positions grow with transaction ids, so the log is in cursor order.
    const events = log.filter((e) =>
      (after === null || e.position > after.position) &&
      (o.streamPrefix === undefined || e.stream.startsWith(o.streamPrefix))
    ).slice(0, o.limit);
    const last = events.at(-1);
    const cursor: Cursor | null = last ? { txId: last.txId, position: last.position } : after;
    return { events: copy(events), cursor };
  }

  function streamsNow(o: StreamsOptions): string[] {
    const prefix = o.prefix ?? "";
    // Code-point order, as PostgreSQL's C collation sorts the names.
    return [...streams.keys()]
      .filter((s) => s.startsWith(prefix) && (o.after === null || s > o.after))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, o.limit);
  }

  function idempotentNow(idem: Idempotency): IdempotentAnswer | null {
    const kept = keys.get(idem.key);
    if (kept === undefined) return null;
    if (kept.contentHash !== idem.contentHash) return { status: "conflict" };
    return { status: "duplicate", result: duplicate(kept) };
  }

  // Async like every adapter: a caller never sees an answer before it awaits.
  const later = <T>(f: () => T): Promise<T> => Promise.resolve().then(f);
  return {
    keys: createMemoryKeyVault(),
    append: (input, options) =>
      later(() => appendNow(Array.isArray(input) ? input : [input as AppendRequest], options)),
    readStream: (stream, options) => later(() => readStreamNow(stream, options)),
    streamVersion: (stream) => later(() => versionOf(stream)),
    readAll: (options) => later(() => readAllNow(options)),
    cursorOf: (position) =>
      later(() => {
        const e = log.find((x) => x.position === position);
        return e ? { txId: e.txId, position: e.position } : null;
      }),
    headPosition: () => later(() => log.at(-1)?.position ?? 0),
    streams: (options) => later(() => streamsNow(options)),
    idempotentResult: (idem) => later(() => idempotentNow(idem)),
  };
}
