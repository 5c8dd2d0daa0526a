/**
 * The deterministic ids of an import job: a UUID (version 8, RFC 9562's
 * custom layout) from SHA-256 of the job's secret seed, a kind and a source
 * id. The same job always answers the same id, so a run resumed after a
 * crash appends exactly the events the crashed run would have; the seed is
 * random and never leaves the database, so nobody can predict (and claim
 * first) the ids of someone's import.
 *
 * @module
 */
import { createHash } from "node:crypto";

/**
 * The `idFor(kind, sourceId)` of a job with this seed (32 random bytes).
 *
 * @example
 * ```ts
 * const idFor = jobIdFor(seed);
 * idFor("event", sourceEventId) === idFor("event", sourceEventId); // true
 * ```
 */
export function jobIdFor(seed: Uint8Array): (kind: string, sourceId: string) => string {
  if (seed.length !== 32) throw new RangeError("an import job's seed is 32 bytes");
  const key = Uint8Array.from(seed);
  return (kind, sourceId) => {
    const digest = createHash("sha256")
      .update(key)
      .update(`\u0000${kind}\u0000${sourceId}`, "utf8")
      .digest();
    const b = digest.subarray(0, 16);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // variant 10xx
    const hex = b.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
      hex.slice(20)
    }`;
  };
}
