/**
 * Request bodies the integration tests send again and again.
 *
 * @module
 */

/** What {@linkcode soloExpense} may be told; the rest has defaults. */
export interface SoloExpense {
  /** The one member who pays and owes it all. */
  readonly memberId: string;
  /** The total, a decimal string in EUR. */
  readonly amount: string;
  /** A client-chosen id (idempotent retries); none by default, the server picks one. */
  readonly id?: string;
  readonly description?: string;
  readonly date?: string;
}

/** An EUR expense paid by one member and split to that member alone. */
export function soloExpense(e: SoloExpense): Record<string, unknown> {
  return {
    ...(e.id === undefined ? {} : { id: e.id }),
    description: e.description ?? `Item ${e.id?.slice(0, 8) ?? e.amount}`,
    total: { amount: e.amount, currency: "EUR" },
    date: e.date ?? "2026-11-01",
    category: "food",
    paidBy: [{ memberId: e.memberId, amount: e.amount }],
    split: { mode: "equal", shares: [{ memberId: e.memberId }] },
  };
}

/** `cents` as the API's decimal string (`1234` → `"12.34"`). */
export const euros = (cents: number): string => (cents / 100).toFixed(2);
