/**
 * The per-stream hash chain: `hash = sha256_hex(prevHash ‖ canonicalJson(event))`
 * with RFC 8785 (JCS) canonical JSON, so that anyone holding the events (the
 * audit verifier, the CLI, a browser) can recompute and check it.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical_json.ts";
import { canonicalJsonOfText } from "./jsonb_text.ts";
import { eventHashOfJsonbBytes, eventHashOfJsonbUtf8 } from "./jsonb_bytes.ts";

/** The fields of an event that its hash covers, exactly as stored. */
export interface HashedEventFields {
  /** The event id (lower-case UUID). */
  id: string;
  /** The stream. */
  stream: string;
  /** The 1-based version in the stream. */
  version: number;
  /** The event type. */
  type: string;
  /** The data schema version. */
  schemaVersion: number;
  /** The data (any JSON value). */
  data: unknown;
  /** The metadata object, as stored (absent optional fields stored as null). */
  metadata: unknown;
}

/** The RFC 8785 canonical JSON of the hashed fields of an event. */
export function canonicalEventJson(e: HashedEventFields): string {
  const text = canonicalJson({
    id: e.id,
    stream: e.stream,
    version: e.version,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
  });
  if (text === undefined) throw new TypeError("Event is not representable as JSON");
  return text;
}

/**
 * Computes an event's chain hash from the previous event's hash (null or ""
 * for version 1) and the event's fields: lower-case hex SHA-256.
 *
 * @example
 * ```ts
 * const h1 = await eventHash(null, first);
 * const h2 = await eventHash(h1, second); // must equal second.hash
 * ```
 */
export async function eventHash(prevHash: string | null, e: HashedEventFields): Promise<string> {
  const bytes = new TextEncoder().encode((prevHash ?? "") + canonicalEventJson(e));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let out = "";
  for (const b of digest) out += b.toString(16).padStart(2, "0");
  return out;
}

/**
 * {@linkcode eventHash} computed synchronously with `node:crypto` (Deno, Node):
 * the same value, without the thread hop of `crypto.subtle`, for the append
 * path.
 */
export function eventHashSync(prevHash: string | null, e: HashedEventFields): string {
  return createHash("sha256").update((prevHash ?? "") + canonicalEventJson(e), "utf8").digest(
    "hex",
  );
}

/** The hashed fields of an event with `data` and `metadata` as JSON text (as the store holds them). */
export interface HashedTextFields extends Omit<HashedEventFields, "data" | "metadata"> {
  /** The data, as JSON text. */
  dataText: string;
  /** The metadata, as JSON text. */
  metadataText: string;
}

/**
 * {@linkcode canonicalEventJson} of the event whose data and metadata are these
 * JSON texts: the same text, without parsing them where the text allows
 * (`canonicalJsonOfText`). The keys are written in their canonical order.
 */
export function canonicalEventJsonOfText(e: HashedTextFields): string {
  const id = canonicalJson(e.id);
  const stream = canonicalJson(e.stream);
  const type = canonicalJson(e.type);
  const version = canonicalJson(e.version);
  const schemaVersion = canonicalJson(e.schemaVersion);
  if (
    id === undefined || stream === undefined || type === undefined || version === undefined ||
    schemaVersion === undefined
  ) {
    throw new TypeError("Event is not representable as JSON");
  }
  return '{"data":' + canonicalJsonOfText(e.dataText) + ',"id":' + id + ',"metadata":' +
    canonicalJsonOfText(e.metadataText) + ',"schemaVersion":' + schemaVersion + ',"stream":' +
    stream + ',"type":' + type + ',"version":' + version + "}";
}

/**
 * {@linkcode eventHashSync} of an event whose data and metadata are JSON text:
 * from bytes written straight from jsonb's text where it can
 * (`jsonb_bytes.ts`), from {@linkcode canonicalEventJsonOfText} otherwise.
 */
export function eventHashOfText(prevHash: string | null, e: HashedTextFields): string {
  return eventHashOfJsonbBytes(prevHash, e) ??
    createHash("sha256").update((prevHash ?? "") + canonicalEventJsonOfText(e), "utf8")
      .digest("hex");
}

/** The hashed fields of an event with `data` and `metadata` as the UTF-8 bytes of their JSON text. */
export interface HashedBytesFields extends Omit<HashedEventFields, "data" | "metadata"> {
  /** The data's JSON text, UTF-8. */
  dataBytes: Uint8Array;
  /** The metadata's JSON text, UTF-8. */
  metadataBytes: Uint8Array;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * {@linkcode eventHashSync} of an event whose data and metadata are the UTF-8
 * bytes of JSON text: straight from the bytes where it can (`jsonb_bytes.ts`),
 * from the decoded text ({@linkcode eventHashOfText}) otherwise.
 */
export function eventHashOfUtf8(prevHash: string | null, e: HashedBytesFields): string {
  return eventHashOfJsonbUtf8(prevHash, e) ?? eventHashOfText(prevHash, {
    id: e.id,
    stream: e.stream,
    version: e.version,
    type: e.type,
    schemaVersion: e.schemaVersion,
    dataText: utf8.decode(e.dataBytes),
    metadataText: utf8.decode(e.metadataBytes),
  });
}
