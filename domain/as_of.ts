/**
 * The rule of time travel: as of an instant, the ledger holds the events
 * decided at or before it. "Decided" is the event's `metadata.at` (when the
 * command was decided): it is hashed with the event, and it is the time the
 * user saw. Not the log position (commit order is not time order), not the
 * row's `recorded_at` (unhashed), not an expense's `date` (backdatable).
 * `GET …/balances?asOf=`, `GET …/expenses?asOf=` and `kopek replay --until`
 * all use this one rule.
 *
 * @module
 */

/** Whether an event decided at `at` (RFC 3339) belongs to the ledger as of `until` (ms since the epoch). */
export function decidedBy(at: string, until: number): boolean {
  return Date.parse(at) <= until;
}
