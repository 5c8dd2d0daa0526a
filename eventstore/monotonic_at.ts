/**
 * The rule of `metadata.at` within a stream: an event is never decided
 * before the event it follows. Every adapter applies it when it prepares an
 * append, from the head it claims (the head the append's concurrency check
 * then confirms), so that instances whose clocks disagree still write
 * non-decreasing `at`s per stream (ADR 0026).
 *
 * @module
 */

/** An RFC 3339 date-time with a zone: what `metadata.at` is. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function instant(text: string): number {
  return RFC3339.test(text) ? Date.parse(text) : NaN;
}

/**
 * The `at` an event appended after one decided at `previous` carries: its own
 * when that is not earlier, else `previous` verbatim. Either side that is not
 * an RFC 3339 instant (a stream's first event: null; text the decider or the
 * import would refuse, such as `"2026"`, which `Date.parse` reads) leaves
 * `at` as given: the store compares instants, it does not validate them.
 *
 * @example
 * ```ts
 * notBefore("2026-01-01T09:00:00.000Z", "2026-01-01T10:00:00.000Z"); // "2026-01-01T10:00:00.000Z"
 * ```
 */
export function notBefore(at: string, previous: string | null): string {
  if (previous === null) return at;
  const own = instant(at);
  const before = instant(previous);
  return Number.isNaN(own) || Number.isNaN(before) || own >= before ? at : previous;
}
