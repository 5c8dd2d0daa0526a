/**
 * The shapes the adapter and the database exchange: event rows as read, events
 * as prepared for an append, the heads an append claims, and the answers of
 * `kopek_append`; and how they become the port's {@linkcode StoredEvent}s.
 *
 * @module
 */
import type { AppendResult, EventMetadata, StoredEvent, StoredTextEvent } from "../port.ts";

/** An `events` row as the reads select it. */
export interface EventRow {
  position: number;
  tx_id: string;
  id: string;
  stream: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prev_hash: string | null;
}

/** An `events` row with `data` and `metadata` selected as text. */
export interface TextEventRow extends Omit<EventRow, "data" | "metadata"> {
  data: string;
  metadata: string;
}

/** The head an append based a stream on, checked by the database before it inserts. */
export interface Claim {
  stream: string;
  version: number;
  /** null for an empty stream; "" for a probe that must not match. */
  hash: string | null;
  /** The head's `metadata.at` (bound by its hash); null for an empty stream or a probe. */
  at: string | null;
}

/** An event with its version and hashes, ready to be inserted. */
export interface PreparedEvent {
  id: string;
  stream: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prevHash: string | null;
}

/** A stored event as `kopek_append` answers it in JSON. */
export interface JsonEvent extends PreparedEvent {
  position: number;
  txId: string;
}

/** What `kopek_append` (and `kopek_append_replay`) answer. */
export type Answer =
  | { status: "ok"; txId: string | null; positions: number[] }
  | {
    status: "moved";
    heads: { stream: string; version: number; hash: string | null; at?: string | null }[];
  }
  | {
    status: "duplicate";
    streams: { stream: string; version: number }[];
    events: JsonEvent[];
    /** The kept answer's JSON text; null when none was kept. */
    response?: string | null;
  }
  | { status: "idempotency_conflict" };

/** An `events` row as the port's stored event. */
export function toStored(row: EventRow): StoredEvent {
  return {
    id: row.id,
    stream: row.stream,
    version: row.version,
    position: row.position,
    txId: row.tx_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

/** A row read with its JSON as text, as the port's stored text event. */
export function toStoredText(row: TextEventRow): StoredTextEvent {
  return {
    id: row.id,
    stream: row.stream,
    version: row.version,
    position: row.position,
    txId: row.tx_id,
    type: row.type,
    schemaVersion: row.schema_version,
    dataText: row.data,
    metadataText: row.metadata,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

function fromJson(e: JsonEvent): StoredEvent {
  return {
    id: e.id,
    stream: e.stream,
    version: e.version,
    position: e.position,
    txId: e.txId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}

/** The result of an append that repeats a kept idempotency key. */
export function duplicateResult(answer: Extract<Answer, { status: "duplicate" }>): AppendResult {
  const events = answer.events.map(fromJson);
  return {
    events,
    position: events.length > 0 ? events[events.length - 1].position : 0,
    streams: answer.streams,
    duplicate: true,
    ...(typeof answer.response === "string" ? { response: JSON.parse(answer.response) } : {}),
  };
}
