/**
 * The pieces of the group fold's snapshot encoding (ADR 0065) shared by the
 * whole state's codec (`snapshot.ts`) and the head-and-entries one
 * (`snapshot_head.ts`).
 *
 * @module
 */

/** An amount in a snapshot: a number when within 2^53, else its decimal string. */
export type Amount = number | string;

/** An amount as a snapshot keeps it. */
export const big = (v: bigint): Amount =>
  v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v.toString();

/** A value as JSON, with bigints, maps, sets and `undefined` tagged. */
export function toTagged(value: unknown): unknown {
  if (typeof value === "bigint") return { $big: value.toString() };
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [k, toTagged(v)]) };
  if (value instanceof Set) return { $set: [...value] };
  if (Array.isArray(value)) return value.map(toTagged);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = v === undefined ? { $undefined: 1 } : toTagged(v);
    }
    return out;
  }
  return value;
}

/** The value {@linkcode toTagged} tagged. */
export function fromTagged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromTagged);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if ("$big" in o) return BigInt(o.$big as string);
  if ("$map" in o) {
    return new Map((o.$map as [unknown, unknown][]).map(([k, v]) => [k, fromTagged(v)]));
  }
  if ("$set" in o) return new Set(o.$set as unknown[]);
  if ("$undefined" in o) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = fromTagged(v);
  return out;
}
