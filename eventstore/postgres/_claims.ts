/**
 * What an append bases itself on: the heads it claims for its streams (from
 * the head cache, or a probe when it knows nothing), and its events chained
 * after those heads.
 *
 * @module
 */
import { eventHashSync } from "../hash.ts";
import { notBefore } from "../monotonic_at.ts";
import { type AppendRequest, type EventMetadata, VersionConflictError } from "../port.ts";
import type { StreamHead } from "./_head_cache.ts";
import type { Claim, PreparedEvent } from "./_rows.ts";

/** Absent optional metadata is stored (and hashed) as null, so that reads hash the same. */
function normalizeMetadata(m: EventMetadata): EventMetadata {
  return { ...m, causationId: m.causationId ?? null, requestId: m.requestId ?? null };
}

/**
 * What the adapter tells the function it based the append on. A probe (hash
 * "") never matches a real head, so the function answers with the real heads.
 */
export function claimFor(
  r: AppendRequest,
  cached: StreamHead | undefined,
  mustAskDatabase: boolean,
): Claim {
  const ev = r.expectedVersion;
  if (ev === "any") {
    return { stream: r.stream, ...(cached ?? { version: 0, hash: null, at: null }) };
  }
  if (ev === "exists") {
    return cached !== undefined && cached.version > 0
      ? { stream: r.stream, ...cached }
      : { stream: r.stream, version: 1, hash: "", at: null };
  }
  if (cached !== undefined && cached.version === ev) return { stream: r.stream, ...cached };
  // Versions only grow: a cached head past the expectation is a sure conflict,
  // unless an idempotency key may make this a repeat of the append that moved it.
  if (cached !== undefined && cached.version > ev && !mustAskDatabase) {
    throw new VersionConflictError(r.stream, ev, cached.version);
  }
  if (ev === 0) return { stream: r.stream, version: 0, hash: null, at: null };
  return { stream: r.stream, version: ev, hash: "", at: null };
}

/** Throws when fresh heads rule out the expectation. */
export function checkExpectation(r: AppendRequest, head: StreamHead): void {
  const ev = r.expectedVersion;
  if (ev === "exists" ? head.version === 0 : ev !== "any" && head.version !== ev) {
    throw new VersionConflictError(r.stream, ev, head.version);
  }
}

/**
 * The events as stored: versions and hashes after the claimed heads, and each
 * `metadata.at` never earlier than the one before it in its stream
 * ({@linkcode notBefore}, ADR 0026). The claims are checked by the append, so
 * the `at` an event follows is the one of the event it is chained to.
 */
export function prepareEvents(
  requests: readonly AppendRequest[],
  claims: readonly Claim[],
): PreparedEvent[] {
  const out: PreparedEvent[] = [];
  for (let i = 0; i < requests.length; i++) {
    let prev = claims[i].hash;
    let prevAt = claims[i].at;
    let version = claims[i].version;
    for (const e of requests[i].events) {
      version++;
      const at = notBefore(e.metadata.at, prevAt);
      const fields = {
        id: e.id.toLowerCase(),
        stream: requests[i].stream,
        version,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: normalizeMetadata(at === e.metadata.at ? e.metadata : { ...e.metadata, at }),
      };
      const hash = eventHashSync(prev, fields);
      out.push({ ...fields, hash, prevHash: version === 1 ? null : prev });
      prev = hash;
      prevAt = at;
    }
  }
  return out;
}
