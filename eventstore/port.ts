/**
 * The event store port: what every adapter (PostgreSQL, EventStoreDB) offers
 * and what command handlers, projectors and audit features code against.
 *
 * @module
 */

import type { KeyVault } from "./key_vault.ts";

/** Who and what caused an event; hashed with the event, so stored verbatim. */
export interface EventMetadata {
  /** The acting user's id, or null for system actions. */
  actor: string | null;
  /** The id of the command that produced the event. */
  commandId: string;
  /** When the command was decided, RFC 3339. */
  at: string;
  /** The event or command that caused this one, if any. */
  causationId?: string | null;
  /** The HTTP request that carried the command, if any. */
  requestId?: string | null;
  /** The service that acted for the actor (e.g. `"telegram-bot"`), if any. */
  via?: string | null;
  /**
   * The W3C `traceparent` of the write when it was traced (ADR 0037); absent
   * otherwise, so that events written untraced hash as they always did.
   */
  traceparent?: string;
}

/** An event as a command handler hands it to the store. */
export interface NewEvent {
  /** A UUID chosen by the caller (stored lower-case). */
  id: string;
  /** The event type, e.g. "expense.added". */
  type: string;
  /** The version of the event's data schema (for upcasters). */
  schemaVersion: number;
  /** The event's data: any JSON value. */
  data: unknown;
  /** Who and what caused the event. */
  metadata: EventMetadata;
}

/** An event as the store keeps it. */
export interface StoredEvent extends NewEvent {
  /** The stream the event belongs to. */
  stream: string;
  /** 1-based version within the stream, without gaps. */
  version: number;
  /** Global position from a sequence: unique, increasing, gaps allowed. */
  position: number;
  /** The writing transaction's id (decimal xid8): the first ordering key of {@linkcode Cursor}. */
  txId: string;
  /** Hex SHA-256 of the previous hash and the canonical event (see `eventHash`). */
  hash: string;
  /** The previous event's hash in the stream; null for version 1. */
  prevHash: string | null;
}

/**
 * What the stream's version must be for an append to proceed: an exact
 * version (0 = the stream must not exist yet), `"any"`, or `"exists"` (at
 * least one event).
 */
export type ExpectedVersion = number | "any" | "exists";

/** Events to append to one stream, with the version the caller decided on. */
export interface AppendRequest {
  /** The stream to append to. */
  stream: string;
  /** The version the stream must be at. */
  expectedVersion: ExpectedVersion;
  /** The events, in order. */
  events: readonly NewEvent[];
}

/**
 * Makes an append idempotent: the same key with the same content appends once.
 * Keys are compared exactly and are global to the store: a caller that wants
 * them scoped (per user, say) makes the scope part of the key.
 */
export interface Idempotency {
  /** The command id. */
  key: string;
  /** Hex digest of the command's canonical content. */
  contentHash: string;
  /**
   * The command's answer, any JSON value, kept with the key in the same
   * transaction as the events: every repeat of the append (and
   * {@linkcode EventStore.idempotentResult}) gives it back verbatim as
   * {@linkcode AppendResult.response}. An append with a key and no events
   * keeps its key and answer too (a command that changed nothing).
   */
  response?: unknown;
}

/** What an append stored. */
export interface AppendResult {
  /** The stored events, in order. */
  events: StoredEvent[];
  /** The last event's position (0 when the append carried no events). */
  position: number;
  /** Each stream's version after the append, in request order. */
  streams: { stream: string; version: number }[];
  /** True when answered from an earlier identical append. */
  duplicate: boolean;
  /**
   * The answer kept with the idempotency key: on a first append the one it
   * was given (as stored: a JSON copy), on a repeat the one the first append
   * kept. Absent without a key, without a response, or for a key kept
   * before the store kept answers.
   */
  response?: unknown;
}

/** A place in the global order: after the event with this (txId, position). */
export interface Cursor {
  /** The event's transaction id (decimal xid8). */
  txId: string;
  /** The event's position. */
  position: number;
}

/** A page of the global log. */
export interface ReadAllResult {
  /** The events, in global order. */
  events: StoredEvent[];
  /** The cursor after the last returned event, or the input cursor when none. */
  cursor: Cursor | null;
}

/**
 * A stored event with its `data` and `metadata` as the store's JSON text,
 * unparsed ({@linkcode EventStore.readStreamText}): what the verifier hashes
 * from without building objects (ADR 0071).
 */
export interface StoredTextEvent extends Omit<StoredEvent, "data" | "metadata"> {
  /** The data, as JSON text. */
  dataText: string;
  /** The metadata, as JSON text. */
  metadataText: string;
}

/**
 * A stored event's chained fields with `data` and `metadata` as the UTF-8
 * bytes of the stored JSON text ({@linkcode EventStore.readStreamBytes}): what
 * the verifier hashes from without building strings (ADR 0076). The bytes are
 * views of the read's buffers: valid until the next page is asked for.
 */
export interface StoredBytesEvent {
  /** Global position. */
  position: number;
  /** The event id. */
  id: string;
  /** The stream. */
  stream: string;
  /** The 1-based version in the stream. */
  version: number;
  /** The event type. */
  type: string;
  /** The data schema version. */
  schemaVersion: number;
  /** The data's JSON text, UTF-8. */
  dataBytes: Uint8Array;
  /** The metadata's JSON text, UTF-8. */
  metadataBytes: Uint8Array;
  /** The stored hash. */
  hash: string;
  /** The stored previous hash; null for version 1. */
  prevHash: string | null;
}

/** Options of {@linkcode EventStore.readStream}. */
export interface ReadStreamOptions {
  /** Only events with a version above this one. */
  afterVersion?: number;
  /** Only events with a position above this one. */
  afterPosition?: number;
  /** Only events with a position up to this one (inclusive). */
  untilPosition?: number;
  /** At most this many events. */
  limit?: number;
}

/** Options of {@linkcode EventStore.readAll}. */
export interface ReadAllOptions {
  /** Read after this cursor; null reads from the start. */
  after: Cursor | null;
  /** At most this many events. */
  limit: number;
  /** Only events of streams whose name starts with this. */
  streamPrefix?: string;
}

/** Options of {@linkcode EventStore.streams}. */
export interface StreamsOptions {
  /** Only streams after this name; null lists from the first. */
  after: string | null;
  /** At most this many names. */
  limit: number;
  /** Only streams whose name starts with this. */
  prefix?: string;
}

/** Options of {@linkcode EventStore.append}. */
export interface AppendOptions {
  /** Makes the append idempotent by command id. */
  idempotency?: Idempotency;
}

/** An append-only, hash-chained event store. */
export interface EventStore {
  /**
   * The per-account data keys kept beside the log (crypto-shredding, ADR 0044), when the
   * store has somewhere to keep them (the Postgres adapter does).
   */
  readonly keys?: KeyVault;
  /** Appends to one or more streams in one transaction: all or nothing. */
  append(
    requests: AppendRequest | readonly AppendRequest[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Reads one stream in version order. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * {@linkcode EventStore.readStream} with `data` and `metadata` as the stored JSON text, for a
   * store that can skip parsing them (the Postgres adapter); the verifier falls back to
   * `readStream` where a store has none.
   */
  readStreamText?(stream: string, options?: ReadStreamOptions): Promise<StoredTextEvent[]>;
  /**
   * A stream's events in version order, in pages, as {@linkcode StoredBytesEvent}s, read
   * in short statements (COPYs of 2,000 versions for the Postgres adapter), for the chain
   * verifier and the SQL export; the verifier falls back to `readStreamText` where a store has
   * none. An empty page says a statement is over: a caller that waits on a slow consumer
   * (an HTTP download) waits only there, so that no statement stays open, nor its connection
   * out of the pool, while it waits. The caller keeps no byte view past its page.
   */
  readStreamBytes?(
    stream: string,
    options?: { untilPosition?: number },
  ): AsyncIterable<StoredBytesEvent[]>;
  /** The stream's current version; 0 if it does not exist. */
  streamVersion(stream: string): Promise<number>;
  /**
   * Reads the global log after a cursor, in an order that never skips an event
   * committed late by a concurrent transaction.
   */
  readAll(options: ReadAllOptions): Promise<ReadAllResult>;
  /** The cursor of the event at that position; null if there is no such committed event. */
  cursorOf(position: number): Promise<Cursor | null>;
  /** The highest committed position; 0 when the store is empty. */
  headPosition(): Promise<number>;
  /**
   * Names of the streams that hold events, in code-point order: at most
   * `limit` after `after` (null: from the first), only those starting with
   * `prefix` when given. Pages through every stream (`kopek verify`, `export --all`).
   */
  streams(options: StreamsOptions): Promise<string[]>;
  /**
   * What an earlier append under this idempotency key stored: `duplicate` with
   * its original result when the content matches, `conflict` when the key was
   * used for other content, null when the key is unknown. Lets a command that
   * its decider now refuses (it already happened) answer its original result.
   */
  idempotentResult(idempotency: Idempotency): Promise<IdempotentAnswer | null>;
}

/** The answer of {@linkcode EventStore.idempotentResult}. */
export type IdempotentAnswer =
  | { readonly status: "duplicate"; readonly result: AppendResult }
  | { readonly status: "conflict" };

/** Thrown when a stream is not at the version the append expected. */
export class VersionConflictError extends Error {
  /** Stable error code. */
  readonly code = "eventstore.version_conflict";
  /** Creates the error for a stream, the expectation and the actual version. */
  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream ${stream} is at version ${actual}, expected ${expected}`);
    this.name = "VersionConflictError";
  }
}

/** Thrown when an idempotency key is reused with different content. */
export class IdempotencyConflictError extends Error {
  /** Stable error code. */
  readonly code = "eventstore.idempotency_conflict";
  /** Creates the error for the reused key. */
  constructor(readonly key: string) {
    super(`Idempotency key ${key} was already used with different content`);
    this.name = "IdempotencyConflictError";
  }
}

/**
 * Thrown when an event id is already stored and no idempotency key made the
 * append recognisable as a repeat.
 */
export class DuplicateEventError extends Error {
  /** Stable error code. */
  readonly code = "eventstore.duplicate_event";
  /** Creates the error; `eventId` is null when the adapter cannot tell which. */
  constructor(readonly eventId: string | null) {
    super(`Event ${eventId ?? "(unknown)"} is already stored`);
    this.name = "DuplicateEventError";
  }
}

/** Orders cursors: by transaction id (as a 64-bit integer), then position. */
export function compareCursors(a: Cursor, b: Cursor): number {
  const ta = BigInt(a.txId);
  const tb = BigInt(b.txId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position === b.position ? 0 : a.position < b.position ? -1 : 1;
}
