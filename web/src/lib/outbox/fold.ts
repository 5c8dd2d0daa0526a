/**
 * Folding an acknowledged command into the group's cached balances.
 *
 * While a command waits in the outbox, the page shows the cached server balances
 * moved by it (`optimisticBalances`). Once the server acknowledges it, the item
 * leaves the outbox, but the cached balances are the server's from before the
 * write until the next read comes back: without this fold the page would show
 * the expense gone from the balances for that moment, and back again after.
 *
 * So the sync moves the cached balances by the command in the same transaction
 * that takes the item out of the outbox, and records on the row (`folded`) the
 * write's position. A read of the balances answered at an older position (sent
 * before the write, or by a lagging replica) does not replace a folded row
 * (`keepsFold`); the first read at or past the write does.
 *
 * @module
 */
import { db, type ExpenseRow, type OutboxItem } from "../db.ts";
import { cachedPayments } from "../data/payments.ts";
import type { Settlement } from "../types.ts";
import { optimisticBalances } from "./overlay.ts";

/** How long a fold outweighs reads answered before its write (the client's write floor). */
export const FOLD_MS = 60_000;

/**
 * Moves the cached balances of the item's group by the item, acknowledged at
 * `position`. Call it inside a read-write transaction over `db.balances`,
 * `db.expenses` and `db.kv`, before the cache is updated with the command's
 * result (an edit is folded as the difference from the expense as cached). A
 * row already read at or past `position`, or a command whose effect is not
 * computable here, is left alone: the next read brings the server's numbers.
 */
export async function foldAcknowledged(item: OutboxItem, position: number, now = Date.now()): Promise<void> {
  if (!(position > 0)) return;
  const row = await db.balances.get(item.groupId);
  if (!row || row.position >= position) return;
  const touched = new Map<string, ExpenseRow>();
  if (item.type === "expense.amend" || item.type === "expense.void") {
    const cached = await db.expenses.get(String(item.body.expenseId));
    // Without the expense as it stood, the edit's difference is unknown here.
    if (!cached) return;
    touched.set(cached.id, cached);
  }
  // An edit or void of a payment moves the balances by the difference from the payment as kept.
  const kept = item.type === "settlement.amend" || item.type === "settlement.void" ? await cachedPayments(item.groupId) : [];
  const payments = new Map<string, Settlement>(kept.map((p) => [p.id, p]));
  // Which commands move balances is the overlay's to say: one it does not count is not folded.
  const moved = optimisticBalances(row.balances, [{ ...item, status: "pending" }], item.groupId, touched, payments);
  if (moved.pending !== 1 || moved.unknown !== 0) return;
  const { pending: _pending, unknown: _unknown, ...balances } = moved;
  await db.balances.put({
    ...row,
    balances,
    folded: { position: Math.max(row.folded?.position ?? 0, position), at: now },
  });
}

/**
 * Whether a read of the balances answered at `position` must not replace `row`:
 * the row has a write folded in that the read does not include yet, and the
 * fold is recent (after {@linkcode FOLD_MS} the server's word wins whatever it says).
 */
export function keepsFold(row: { folded?: { position: number; at: number } } | undefined, position: number, now = Date.now()): boolean {
  return !!row?.folded && position < row.folded.position && now - row.folded.at < FOLD_MS;
}
