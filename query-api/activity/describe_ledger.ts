/**
 * The activity feed's sentences for expenses and settlements: recorded,
 * changed (with what changed, when known) and voided.
 *
 * @module
 */
import {
  EXPENSE_EVENTS,
  type GroupEvent,
  type GroupEventOf,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import { describeChanges } from "./changes.ts";
import type { Context, Described, Names } from "./describe.ts";

type Quoted = (s: string) => string;

const money = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`;
/** "a refund " before a refund's description (a negative total, ADR 0050). */
const refund = (d: { total: { amount: string } }) =>
  d.total.amount.startsWith("-") ? "a refund " : "";
/** ", 3 items" after an itemized expense's total. */
const itemCount = (d: { items?: readonly unknown[] | null }) =>
  d.items ? `, ${d.items.length} item${d.items.length === 1 ? "" : "s"}` : "";

/** An event of the expense or settlement family. */
export type LedgerEvent = GroupEventOf<
  (typeof EXPENSE_EVENTS)[number] | (typeof SETTLEMENT_EVENTS)[number]
>;

const LEDGER_TYPES: readonly string[] = [...EXPENSE_EVENTS, ...SETTLEMENT_EVENTS];

/** Whether an event is of the expense or settlement family. */
export function isLedgerEvent(event: GroupEvent): event is LedgerEvent {
  return LEDGER_TYPES.includes(event.type);
}

/** An expense or settlement event's sentence and the entry it is about. */
export function describeLedger(
  event: LedgerEvent,
  actor: string,
  quoted: Quoted,
  names: Names,
  context: Context,
): Described {
  switch (event.type) {
    case "ExpenseRecorded":
      return {
        text: `${actor} recorded ${refund(event.data)}${quoted(event.data.description)} (${
          money(event.data.total)
        }${itemCount(event.data)})`,
        entityId: event.data.expenseId,
      };
    case "ExpenseAmended":
      return {
        text: context.changes
          ? `${actor} changed ${quoted(event.data.description)}: ${
            context.changes.length === 0 ? "nothing" : describeChanges(context.changes)
          }`
          : `${actor} changed ${quoted(event.data.description)} (${money(event.data.total)})`,
        entityId: event.data.expenseId,
      };
    case "ExpenseVoided":
      return {
        text: `${actor} voided ${quoted(names.entry(event.data.expenseId))}`,
        entityId: event.data.expenseId,
      };
    case "SettlementRecorded":
      return {
        text: `${names.member(event.data.from)} paid ${names.member(event.data.to)} ${
          money(event.data.amount)
        } (recorded by ${actor})`,
        entityId: event.data.settlementId,
      };
    case "SettlementAmended": {
      const now = `${names.member(event.data.from)} paid ${names.member(event.data.to)} ${
        money(event.data.amount)
      }`;
      return {
        text: context.changes
          ? `${actor} changed a payment (now ${now}): ${
            context.changes.length === 0 ? "nothing" : describeChanges(context.changes)
          }`
          : `${actor} changed a payment: ${now}`,
        entityId: event.data.settlementId,
      };
    }
    case "SettlementVoided":
      return {
        text: `${actor} voided a settlement`,
        entityId: event.data.settlementId,
      };
  }
}
