/**
 * The deterministic ids of an import: a UUID (version 8, RFC 9562's custom
 * layout) from the HMAC-SHA256, under the import's secret, of a kind and a
 * source id. The same secret always answers the same id, so a run resumed
 * after a crash appends exactly the events the crashed run would have; a job's
 * secret is 32 random bytes that never leave the database, so nobody can
 * predict (and claim first) the ids of someone's import, and the same dump
 * imported twice gets other ids.
 *
 * @module
 */
import { createHmac } from "node:crypto";

/**
 * The `idFor(kind, sourceId)` (the import core's `IdFor`) of an import with this secret (a job's seed).
 *
 * @example
 * ```ts
 * const idFor = derivedIdFor(seed);
 * idFor("event", sourceEventId) === idFor("event", sourceEventId); // true
 * ```
 */
export function derivedIdFor(
  secret: string | Uint8Array,
): (kind: string, sourceId: string) => string {
  const key = typeof secret === "string" ? secret : Uint8Array.from(secret);
  return (kind, sourceId) => {
    const h = createHmac("sha256", key).update(`${kind}\u0000${sourceId}`, "utf8").digest();
    h[6] = (h[6] & 0x0f) | 0x80; // version 8
    h[8] = (h[8] & 0x3f) | 0x80; // variant 10xx
    const hex = h.subarray(0, 16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
      hex.slice(20)
    }`;
  };
}
