/**
 * How expenses and settlements change a group's state: each entry's effect
 * on the members' totals (paid and owed), taken back when it is amended or
 * voided.
 *
 * @module
 */
import { parseAmount } from "../money/money.ts";
import type { EXPENSE_EVENTS, SETTLEMENT_EVENTS } from "./event_families.ts";
import type { ExpenseData, GroupEventOf, SettlementData } from "./events.ts";
import type { Effect, GroupState, MemberTotals } from "./state.ts";

/** An event of the expense or settlement family. */
export type LedgerEvent = GroupEventOf<
  (typeof EXPENSE_EVENTS)[number] | (typeof SETTLEMENT_EVENTS)[number]
>;

/** Sums the rows' amounts per member, in minor units of `currency`. */
function allocationMap(rows: readonly { memberId: string; amount: string }[], currency: string) {
  const map = new Map<string, bigint>();
  for (const r of rows) {
    map.set(r.memberId, (map.get(r.memberId) ?? 0n) + parseAmount(r.amount, currency));
  }
  return map;
}

/** The effect of an expense event on balances, in group minor units. */
export function expenseEffect(data: ExpenseData): Effect {
  const currency = data.converted.currency;
  return { paid: allocationMap(data.paid, currency), owed: allocationMap(data.shares, currency) };
}

/** The effect of a settlement event: the sender "paid", the receiver "owes". */
export function settlementEffect(data: SettlementData): Effect {
  const amount = parseAmount(data.converted.amount, data.converted.currency);
  return { paid: new Map([[data.from, amount]]), owed: new Map([[data.to, amount]]) };
}

/** The totals of a member (new ones at zero, kept in `totals`). */
export function totalsOf(totals: Map<string, MemberTotals>, memberId: string): MemberTotals {
  let t = totals.get(memberId);
  if (!t) totals.set(memberId, t = { paid: 0n, owed: 0n });
  return t;
}

/** Adds (`1n`) or takes back (`-1n`) an effect on the totals. */
function applyEffect(totals: Map<string, MemberTotals>, effect: Effect, sign: 1n | -1n) {
  for (const [m, v] of effect.paid) totalsOf(totals, m).paid += sign * v;
  for (const [m, v] of effect.owed) totalsOf(totals, m).owed += sign * v;
}

/** Applies an expense or settlement event to the state (consumed). */
export function evolveLedger(state: GroupState, event: LedgerEvent): GroupState {
  switch (event.type) {
    case "ExpenseRecorded":
    case "ExpenseAmended": {
      const previous = state.entries.get(event.data.expenseId);
      if (previous && !previous.voided) applyEffect(state.totals, previous.effect, -1n);
      const effect = expenseEffect(event.data);
      applyEffect(state.totals, effect, 1n);
      state.entries.set(event.data.expenseId, {
        kind: "expense",
        revision: event.data.revision,
        voided: false,
        effect,
        category: event.data.category,
      });
      return state;
    }
    case "SettlementRecorded":
    case "SettlementAmended": {
      const previous = state.entries.get(event.data.settlementId);
      if (previous && !previous.voided) applyEffect(state.totals, previous.effect, -1n);
      const effect = settlementEffect(event.data);
      applyEffect(state.totals, effect, 1n);
      state.entries.set(event.data.settlementId, {
        kind: "settlement",
        revision: event.data.revision,
        voided: false,
        effect,
      });
      return state;
    }
    case "ExpenseVoided":
    case "SettlementVoided": {
      const id = event.type === "ExpenseVoided" ? event.data.expenseId : event.data.settlementId;
      const entry = state.entries.get(id);
      if (entry && !entry.voided) {
        applyEffect(state.totals, entry.effect, -1n);
        entry.voided = true;
        entry.revision = event.data.revision;
      }
      return state;
    }
  }
}
