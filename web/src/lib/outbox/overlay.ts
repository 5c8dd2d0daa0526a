/**
 * What the outbox changes in what a page shows, before the server confirms
 * it: pending expenses in lists (with a badge), amended and voided ones, and
 * optimistic balances. Pure functions over the outbox items and the cache.
 *
 * @module
 */
import type { ExpenseRow, OutboxItem } from "../db.ts";
import {
  addEffect,
  applyDelta,
  computeExpense,
  computeSettlement,
  emptyDelta,
  formatAmount,
  parseAmount,
} from "../money/mod.ts";
import type { Balances, Expense, ExpenseBody, ExpenseFilters, Settlement } from "../types.ts";
import { addPairDebts, entryPairDebts, pairwisePlan } from "$domain/ledger/mod.ts";

/** An expense as a list shows it. */
export interface ExpenseView extends Expense {
  /** Waiting in the outbox: a new expense, an edit, or a void. */
  pending?: "record" | "amend" | "void";
  /** Refused by the server: the outbox item with its problem. */
  rejected?: OutboxItem;
}

/** The expense a queued record or amend will produce, as well as it can be computed here. */
export function expenseFromBody(
  id: string,
  body: ExpenseBody,
  groupCurrency: string,
  base?: Expense,
): Expense {
  let converted = body.total;
  let shares: Expense["shares"] = [];
  let paid: Expense["paid"] = [];
  try {
    const e = computeExpense(body, groupCurrency, body.fx?.rate ?? base?.fx?.rate);
    const money = (minor: bigint) => formatAmount(minor, groupCurrency);
    converted = { amount: money(e.converted), currency: groupCurrency };
    shares = e.shares.map((s) => ({ memberId: s.memberId, amount: money(s.minor) }));
    paid = e.paid.map((p) => ({ memberId: p.memberId, amount: money(p.minor) }));
  } catch { /* shown without shares; the server will say what is wrong */ }
  return {
    id,
    kind: "expense",
    version: base?.version ?? 0,
    voided: false,
    date: body.date,
    description: body.description,
    category: body.category,
    note: body.note ?? null,
    total: body.total,
    fx: body.fx ? { rate: body.fx.rate, date: body.date, source: "client" } : base?.fx ?? null,
    converted,
    paidBy: body.paidBy,
    split: body.split,
    paid,
    shares,
    items: body.items ?? null,
    charges: body.charges ?? null,
  };
}

/** Whether an expense passes list filters (the offline approximation of the server's). */
export function matches(e: Expense, f: ExpenseFilters): boolean {
  if (f.category && e.category !== f.category) return false;
  if (f.from && e.date < f.from) return false;
  if (f.to && e.date > f.to) return false;
  if (f.memberId) {
    const ids = [...e.paidBy.map((p) => p.memberId), ...e.split.shares.map((s) => s.memberId)];
    if (!ids.includes(f.memberId)) return false;
  }
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!`${e.description} ${e.note ?? ""}`.toLowerCase().includes(q)) return false;
  }
  return true;
}

/**
 * Overlays a group's outbox on a list of expenses: queued new expenses first
 * (newest first), then the list with pending edits and voids shown.
 */
export function overlayExpenses(
  list: readonly Expense[],
  outbox: readonly OutboxItem[],
  groupId: string,
  groupCurrency: string,
  filters: ExpenseFilters,
): ExpenseView[] {
  const added: ExpenseView[] = [];
  const edits = new Map<string, ExpenseView>();
  for (const item of outbox) {
    if (item.groupId !== groupId) continue;
    const rejected = item.status === "rejected" ? item : undefined;
    if (item.type === "expense.record") {
      const e = expenseFromBody(item.id, item.body as unknown as ExpenseBody, groupCurrency);
      const i = added.findIndex((x) => x.id === item.id);
      if (i >= 0) added.splice(i, 1);
      added.unshift({ ...e, pending: "record", rejected });
    } else if (item.type === "expense.amend" || item.type === "expense.void") {
      const id = String(item.body.expenseId);
      const inAdded = added.find((x) => x.id === id);
      const base: ExpenseView | undefined = inAdded ?? edits.get(id) ?? list.find((x) => x.id === id);
      if (!base) continue;
      const view: ExpenseView = item.type === "expense.amend"
        ? { ...expenseFromBody(id, item.body as unknown as ExpenseBody, groupCurrency, base), pending: inAdded ? "record" : "amend", rejected: rejected ?? base.rejected }
        : { ...base, pending: "void", rejected: rejected ?? base.rejected };
      if (inAdded) added.splice(added.indexOf(inAdded), 1, view);
      else edits.set(id, view);
    }
  }
  const shown = added.filter((e) => matches(e, filters));
  for (const e of list) {
    if (shown.some((x) => x.id === e.id)) continue;
    shown.push(edits.get(e.id) ?? e);
  }
  return shown;
}

/** Balances with the group's pending writes applied, and how many writes that is. */
export interface OptimisticBalances extends Balances {
  /** Pending writes included in these numbers. */
  pending: number;
  /** Pending writes that could not be computed here (a foreign amount without a known rate, or an edit or void of a payment this device never read). */
  unknown: number;
}

/**
 * The server's balances moved by the group's pending expenses, edits, voids
 * and settlements (rejected commands count for nothing), with the settle-up
 * plan recomputed by the server's rule.
 */
export function optimisticBalances(
  balances: Balances,
  outbox: readonly OutboxItem[],
  groupId: string,
  cached: ReadonlyMap<string, ExpenseRow>,
  /** The payments kept on this device (for pending edits and voids of payments). */
  payments: ReadonlyMap<string, Settlement> = new Map(),
): OptimisticBalances {
  const currency = balances.currency;
  const delta = emptyDelta();
  let pending = 0;
  let unknown = 0;
  // Without debt simplification the plan is each pair's net debt (ADR 0052): moved the same way.
  const pairs = balances.simplifyDebts === false ? new Map<string, bigint>() : null;
  type Side = { memberId: string; minor: bigint }[];
  const track = (effect: { paid: Side; owed: Side }, sign: 1n | -1n) => {
    if (pairs) {
      const side = (rows: Side) => rows.map((r) => [r.memberId, r.minor] as const);
      addPairDebts(pairs, entryPairDebts(side(effect.paid), side(effect.owed)), sign);
    }
    addEffect(delta, effect.paid, effect.owed, sign);
  };
  // The effect each expense has now: server rows, replaced as pending edits apply.
  const current = new Map<string, { paid: { memberId: string; minor: bigint }[]; owed: { memberId: string; minor: bigint }[] }>();
  const effectOfRow = (e: Expense) => {
    if (e.voided || e.converted.currency !== currency) return { paid: [], owed: [] };
    return {
      paid: e.paid.map((p) => ({ memberId: p.memberId, minor: parseAmount(p.amount, currency) })),
      owed: e.shares.map((s) => ({ memberId: s.memberId, minor: parseAmount(s.amount, currency) })),
    };
  };
  const paymentEffect = (p: Settlement) => {
    if (p.voided || p.converted.currency !== currency) return { paid: [], owed: [] };
    const minor = parseAmount(p.converted.amount, currency);
    return { paid: [{ memberId: p.from, minor }], owed: [{ memberId: p.to, minor }] };
  };
  for (const item of outbox) {
    if (item.groupId !== groupId || item.status !== "pending") continue;
    try {
      if (item.type === "expense.record" || item.type === "expense.amend") {
        const body = item.body as unknown as ExpenseBody;
        const id = item.type === "expense.record" ? item.id : String(item.body.expenseId);
        const row = cached.get(id);
        const before = current.get(id) ?? (item.type === "expense.amend" && row ? effectOfRow(row) : { paid: [], owed: [] });
        const e = computeExpense(body, currency, body.fx?.rate ?? row?.fx?.rate);
        const after = { paid: e.paid, owed: e.shares };
        track(before, -1n);
        track(after, 1n);
        current.set(id, after);
        pending++;
      } else if (item.type === "expense.void") {
        const id = String(item.body.expenseId);
        const row = cached.get(id);
        const before = current.get(id) ?? (row ? effectOfRow(row) : { paid: [], owed: [] });
        track(before, -1n);
        current.set(id, { paid: [], owed: [] });
        pending++;
      } else if (item.type === "settlement.record" || item.type === "settlement.amend" || item.type === "settlement.void") {
        const id = item.type === "settlement.record" ? item.id : String(item.body.settlementId);
        const kept = payments.get(id);
        const before = current.get(id) ?? (item.type === "settlement.record" ? { paid: [], owed: [] } : kept ? paymentEffect(kept) : undefined);
        // A payment this device never read: its current amount is unknown here.
        if (!before) throw new Error("unknown payment");
        let after: typeof before = { paid: [], owed: [] };
        if (item.type !== "settlement.void") {
          const b = item.body as { from: string; to: string; amount: { amount: string; currency: string }; fx?: { rate: string } };
          const minor = computeSettlement(b.amount, currency, b.fx?.rate ?? kept?.fx?.rate);
          after = { paid: [{ memberId: b.from, minor }], owed: [{ memberId: b.to, minor }] };
        }
        track(before, -1n);
        track(after, 1n);
        current.set(id, after);
        pending++;
      }
    } catch {
      unknown++;
    }
  }
  if (pending === 0) return { ...balances, pending: 0, unknown };
  const moved = applyDelta(currency, balances.members, delta);
  if (pairs) {
    const server = balances.settleUp.map((t) => ({ ...t, amount: parseAmount(t.amount.amount, currency) }));
    const net = addPairDebts(pairs, server);
    const plan = pairwisePlan([...net].map(([k, amount]) => {
      const [from, to] = k.split("\u0000");
      return { from, to, amount };
    }));
    const money = (minor: bigint) => ({ amount: formatAmount(minor, currency), currency });
    moved.settleUp = plan.map((t) => ({ from: t.from, to: t.to, amount: money(t.amount) }));
  }
  return { ...balances, ...moved, pending, unknown };
}

/** Formats minor units back into an amount string (re-exported for pages). */
export { formatAmount };
