/**
 * The payments a list shows: the server's (or the device's copy) with the
 * outbox's records, edits and voids over them, and the expense list's
 * filters applied to payments, and the list with both. Pure functions.
 *
 * @module
 */
import type { OutboxItem } from "../db.ts";
import type { ExpenseFilters, Settlement, SettlementBody } from "../types.ts";
import { refusalText } from "./conflict.ts";

/** A payment as a list shows it. */
export interface PaymentView extends Settlement {
  /** Waiting in the outbox: a new payment, an edit, or a void. */
  pending?: "record" | "amend" | "void";
  /** Refused by the server: the outbox item with its problem. */
  rejected?: OutboxItem;
}

function fromBody(id: string, body: Record<string, unknown>, groupCurrency: string, base?: Settlement): Settlement {
  const b = body as unknown as SettlementBody;
  return {
    id,
    kind: "settlement",
    version: base?.version ?? 0,
    voided: false,
    date: b.date,
    from: b.from,
    to: b.to,
    amount: b.amount,
    fx: base?.fx ?? null,
    converted: b.amount.currency === groupCurrency ? b.amount : base?.converted ?? b.amount,
    note: b.note ?? null,
  };
}

/**
 * The group's payments as a list shows them: the server's (or the kept copy),
 * with the outbox's records, edits and voids over them (a voided one leaves
 * the list; a refused command shows on its payment). Newest first by date.
 */
export function paymentViews(
  server: readonly Settlement[],
  outbox: readonly OutboxItem[],
  groupId: string,
  groupCurrency: string,
): PaymentView[] {
  const views = new Map<string, PaymentView>(server.filter((p) => !p.voided).map((p) => [p.id, { ...p }]));
  for (const item of outbox) {
    if (item.groupId !== groupId) continue;
    const rejected = item.status === "rejected" ? item : undefined;
    if (item.type === "settlement.record") {
      if (views.has(item.id) && !rejected) continue;
      views.set(item.id, { ...fromBody(item.id, item.body, groupCurrency), pending: "record", rejected });
    } else if (item.type === "settlement.amend" || item.type === "settlement.void") {
      const id = String(item.body.settlementId);
      const base = views.get(id);
      if (!base) continue;
      if (rejected) views.set(id, { ...base, rejected });
      else if (item.type === "settlement.void") views.delete(id);
      else views.set(id, { ...fromBody(id, item.body, groupCurrency, base), pending: base.pending ?? "amend" });
    }
  }
  return [...views.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/**
 * Whether a payment passes the expense list's filters: it has no category (a
 * category filter hides payments), the member is its sender or receiver, the
 * dates bound it, and each searched word starts a word of its note or of a
 * name (`name` gives a member's name).
 */
export function paymentMatches(p: Settlement, f: ExpenseFilters, name: (id: string) => string): boolean {
  if (f.category) return false;
  if (f.memberId && p.from !== f.memberId && p.to !== f.memberId) return false;
  if (f.from && p.date < f.from) return false;
  if (f.to && p.date > f.to) return false;
  const words = (f.q ?? "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return true;
  const text = (`${p.note ?? ""} ${name(p.from)} ${name(p.to)} payment`).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.every((w) => text.some((t) => t.startsWith(w)));
}

/** A row of the expense list: an expense or a payment. */
export type ListItem<E> = { expense: E } | { payment: PaymentView };

/**
 * The expense list with payments among the expenses (both newest first), by
 * date; a payment comes before the expenses of its date. While more expenses
 * are to load (`more`), payments older than the last expense shown wait for
 * their page.
 */
export function withPayments<E extends { date: string }>(
  expenses: readonly E[],
  payments: readonly PaymentView[],
  more: boolean,
): ListItem<E>[] {
  const oldest = more ? expenses.at(-1)?.date : undefined;
  const shown = oldest === undefined ? payments : payments.filter((p) => p.date >= oldest);
  const out: ListItem<E>[] = [];
  let i = 0;
  for (const e of expenses) {
    while (i < shown.length && shown[i].date >= e.date) out.push({ payment: shown[i++] });
    out.push({ expense: e });
  }
  while (i < shown.length) out.push({ payment: shown[i++] });
  return out;
}

/** What a refused payment command means, in words: a change that met another one, or the server's detail. */
export function paymentRefusalText(item: OutboxItem): string {
  if (item.problem?.code === "version.stale" || item.problem?.status === 412) {
    return "Someone else changed this payment while your change was waiting. Open it to see it as it is now, then change it again.";
  }
  return refusalText(item);
}
