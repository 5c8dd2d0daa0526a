/**
 * The rule of `metadata.at` within a stream: an event is never decided
 * before the event it follows. Every adapter applies it when it prepares an
 * append, from the head it claims (the head the append's concurrency check
 * then confirms), so that instances whose clocks disagree still write
 * non-decreasing `at`s per stream (ADR 0026).
 *
 * @module
 */

/**
 * The `at` an event appended after one decided at `previous` carries: its own
 * when that is not earlier, else `previous` verbatim. Either side that is not
 * an instant (a stream's first event: null) leaves `at` as given.
 *
 * @example
 * ```ts
 * notBefore("2026-01-01T09:00:00.000Z", "2026-01-01T10:00:00.000Z"); // "2026-01-01T10:00:00.000Z"
 * ```
 */
export function notBefore(at: string, previous: string | null): string {
  if (previous === null) return at;
  const own = Date.parse(at);
  const before = Date.parse(previous);
  return Number.isNaN(own) || Number.isNaN(before) || own >= before ? at : previous;
}
