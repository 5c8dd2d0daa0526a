/**
 * The checks of an append's input before anything is stored: every adapter
 * (PostgreSQL, in memory) throws the same `TypeError` for a malformed
 * request, as the port says.
 *
 * @module
 */
import type { AppendOptions, AppendRequest, NewEvent } from "./port.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `n` is a safe integer ≥ 0 (versions, limits). */
export function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function validateEvent(e: NewEvent, stream: string): void {
  if (typeof e.id !== "string" || !UUID.test(e.id.toLowerCase())) {
    throw new TypeError(`Event id must be a UUID in stream ${stream}`);
  }
  if (typeof e.type !== "string" || e.type === "") {
    throw new TypeError(`Event type must be a non-empty string in stream ${stream}`);
  }
  if (!isNonNegativeInteger(e.schemaVersion)) {
    throw new TypeError(`Event schemaVersion must be a non-negative integer in stream ${stream}`);
  }
  if (e.data === undefined) throw new TypeError(`Event data must be JSON in stream ${stream}`);
  const m = e.metadata;
  if (
    m === null || typeof m !== "object" || typeof m.commandId !== "string" ||
    typeof m.at !== "string" || (m.actor !== null && typeof m.actor !== "string")
  ) {
    throw new TypeError(`Event metadata needs actor, commandId and at in stream ${stream}`);
  }
}

/** Throws a `TypeError` when the requests or the options are malformed. */
export function validate(requests: readonly AppendRequest[], options?: AppendOptions): void {
  const seen = new Set<string>();
  for (const r of requests) {
    if (typeof r.stream !== "string" || r.stream === "") {
      throw new TypeError("Stream must be a non-empty string");
    }
    if (seen.has(r.stream)) throw new TypeError(`Stream ${r.stream} appears twice in one append`);
    seen.add(r.stream);
    const ev = r.expectedVersion;
    if (ev !== "any" && ev !== "exists" && !isNonNegativeInteger(ev)) {
      throw new TypeError(`Expected version of ${r.stream} must be a version, "any" or "exists"`);
    }
    for (const e of r.events) validateEvent(e, r.stream);
  }
  const idem = options?.idempotency;
  if (idem !== undefined && (typeof idem.key !== "string" || idem.key === "")) {
    throw new TypeError("Idempotency key must be a non-empty string");
  }
  if (idem !== undefined && typeof idem.contentHash !== "string") {
    throw new TypeError("Idempotency contentHash must be a string");
  }
  if (idem?.response !== undefined && typeof JSON.stringify(idem.response) !== "string") {
    throw new TypeError("Idempotency response must be a JSON value");
  }
}
