/**
 * What a page of the server's expense list means for the cache (ADR 0040):
 * the answer replaces the cached rows of the window it covers, rather than
 * being merged into them. Asked with `includeVoided=true`, the answer names
 * the voided expenses of the window (cached as voided); a cached row of the
 * window that the answer does not hold at all is no longer there (its date
 * was changed): it is dropped, and the page that covers its new date brings
 * it back. Before, voided rows were never removed, so a device kept showing
 * them (offline, and beside a list of what this device had just synced).
 *
 * The server's order is date descending, then creation descending, so a page
 * covers for certain every date strictly between its first and last item,
 * from the top when it is the first page and to the bottom when it is the
 * last. The item's date that a page starts or ends on may continue on the
 * next page: rows of that date are left alone.
 *
 * @module
 */
import type { ExpenseRow } from "../db.ts";
import { matches } from "../outbox/overlay.ts";
import type { Expense, ExpenseFilters } from "../types.ts";

/** One answer of `GET /v1/groups/{g}/expenses?includeVoided=true`. */
export interface ListAnswer {
  /** The items, voided ones included, in the server's order. */
  items: readonly Expense[];
  /** Asked without a cursor: the answer starts at the top of the list. */
  first: boolean;
  /** Answered without `nextCursor`: nothing comes after it. */
  last: boolean;
}

/** The dates a page covers for certain; a bound is exclusive, null is open. */
export interface Window {
  /** Rows dated after this are covered (null: from the oldest). */
  after: string | null;
  /** Rows dated before this are covered (null: to the newest). */
  before: string | null;
}

/** The dates an answer covers for certain, or null when it covers none. */
export function windowOf(answer: ListAnswer): Window | null {
  const { items, first, last } = answer;
  if (items.length === 0) return first && last ? { after: null, before: null } : null;
  return {
    after: last ? null : items[items.length - 1].date,
    before: first ? null : items[0].date,
  };
}

function inWindow(date: string, w: Window): boolean {
  return (w.after === null || date > w.after) && (w.before === null || date < w.before);
}

/** What to write: rows to put and ids to drop. */
export interface Reconciled {
  put: Expense[];
  drop: string[];
}

/**
 * Reconciles the cached rows of a group with an answer. `cached` may hold
 * more than the window (they are left alone); `keep` names rows the answer
 * may not know yet (this device's writes applied at a later position than
 * the answer's). A row is never replaced by an older version of itself.
 * Filters other than dates and category are matched on the server in ways
 * the app only approximates (text search, members), so under them nothing
 * is dropped: voids still arrive through the answer.
 */
export function reconcileWindow(
  cached: readonly ExpenseRow[],
  answer: ListAnswer,
  filters: ExpenseFilters,
  keep: ReadonlySet<string> = new Set(),
): Reconciled {
  const byId = new Map(cached.map((r) => [r.id, r]));
  const put = answer.items.filter((e) => {
    const old = byId.get(e.id);
    return !old || old.version <= e.version;
  });
  const window = windowOf(answer);
  const exact = !filters.q?.trim() && !filters.memberId;
  if (!window || !exact) return { put, drop: [] };
  const answered = new Set(answer.items.map((e) => e.id));
  const drop = cached
    .filter((r) =>
      (r.kind ?? "expense") === "expense" &&
      !answered.has(r.id) &&
      !keep.has(r.id) &&
      inWindow(r.date, window) &&
      matches(r, filters)
    )
    .map((r) => r.id);
  return { put, drop };
}
