/**
 * The ledger's limits: how large a member's and a group's totals may grow,
 * so that every read model's 64-bit integers hold them (ADR 0050).
 *
 * @module
 */
import { invalid } from "../errors.ts";
import type { Effect, EntryState, GroupState } from "./state.ts";

/**
 * The largest total a member may have paid or owe, in minor units: 10^17
 * (a thousand trillion euros), far beyond any real ledger and safely inside
 * the read models' 64-bit integers.
 */
export const MAX_MEMBER_TOTAL = 10n ** 17n;

/**
 * The largest total a whole group may have paid, in minor units: 10^18. Each
 * member stays within {@linkcode MAX_MEMBER_TOTAL}, but the read models also
 * sum over members (a month's total in the reports), and that sum must fit
 * their 64-bit integers too (2^63 ≈ 9.2 × 10^18).
 */
export const MAX_GROUP_TOTAL = 10n ** 18n;

function sumOf(amounts: Iterable<bigint>): bigint {
  let sum = 0n;
  for (const a of amounts) sum += a;
  return sum;
}

/**
 * Refuses an entry whose effect (replacing `previous`, for an amendment) would take the group's
 * or a member's totals beyond the limits, either way.
 */
export function requireWithinLimit(state: GroupState, next: Effect, previous?: Effect) {
  const groupPaid = sumOf([...state.totals.values()].map((t) => t.paid)) +
    sumOf(next.paid.values()) - sumOf(previous?.paid.values() ?? []);
  // Refunds make totals fall: the limit holds both ways (ADR 0050).
  if (groupPaid > MAX_GROUP_TOTAL || groupPaid < -MAX_GROUP_TOTAL) {
    throw invalid(
      "ledger.group_total_too_large",
      "total.amount",
      "the group's total would exceed the ledger's limit",
    );
  }
  for (const [field, key] of [["paid", "paid"], ["owed", "owed"]] as const) {
    for (const [memberId, amount] of next[key]) {
      const now = state.totals.get(memberId)?.[field] ?? 0n;
      const total = now + amount - (previous?.[key].get(memberId) ?? 0n);
      if (total > MAX_MEMBER_TOTAL || total < -MAX_MEMBER_TOTAL) {
        throw invalid(
          "ledger.total_too_large",
          "total.amount",
          `a member's total ${field} would exceed the ledger's limit`,
        );
      }
    }
  }
}

/** The effect an entry has on the totals now: none once voided. */
export function previousEffect(entry: EntryState): Effect | undefined {
  return entry.voided ? undefined : entry.effect;
}
