/**
 * The pure fold of the monthly reports read model: each expense's current
 * effect on its month (total, category, members' shares) and the per-cell
 * deltas a batch adds to the stored totals. Settlements are not spending and
 * change nothing here.
 *
 * @module
 */
import { type ExpenseData, parseAmount } from "@kopek/domain";
import {
  ATTACHMENT_EVENTS,
  CATEGORY_EVENTS,
  COMMENT_EVENTS,
  ignoreEvents,
  INVITE_EVENTS,
  MEMBER_EVENTS,
  PAYMENT_HANDLE_EVENTS,
  RECURRENCE_EVENTS,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";
import { decodeSide, encodeSide } from "../balances/fold.ts";
import { type EffectRow as StoredEffect, reviseEffect, voidEffect } from "../_effects_fold.ts";

/** The event types the reports fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  "GroupRenamed",
  "GroupDebtSimplificationChanged",
  ...MEMBER_EVENTS,
  ...INVITE_EVENTS,
  ...SETTLEMENT_EVENTS,
  ...COMMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...CATEGORY_EVENTS,
  ...RECURRENCE_EVENTS,
  ...ATTACHMENT_EVENTS,
  "GroupTimeZoneChanged",
] as const;

/** What one expense adds to its month, in group minor units. */
export interface ReportEffect {
  /** `YYYY-MM` of the expense's date. */
  readonly month: string;
  readonly category: string;
  /** The expense's total in group currency (`converted`). */
  readonly total: bigint;
  /** What each member consumed: their owed shares (not what they paid). */
  readonly shares: ReadonlyMap<string, bigint>;
}

/** A row of `rm_report_effects`. */
export type ReportEffectRow = StoredEffect<ReportEffect>;

/** The kind of a report cell: the month's total, one category, or one member. */
export type CellKind = "total" | "category" | "member";

/** A change to one cell of `rm_report_totals` (added to the stored amount). */
export interface ReportDelta {
  readonly groupId: string;
  readonly month: string;
  readonly kind: CellKind;
  /** The category or member id; `""` for the total. */
  readonly key: string;
  amount: bigint;
}

/** Loaded effects, the deltas and the group currencies the fold produced. */
export interface ReportsState {
  readonly effects: Map<string, ReportEffectRow>;
  readonly dirtyEffects: Set<string>;
  readonly deltas: Map<string, ReportDelta>;
  /** groupId → currency, for groups created or re-currencied in the batch. */
  readonly currencies: Map<string, string>;
}

/** A state holding the given loaded effects. */
export function reportsState(effects: ReportEffectRow[] = []): ReportsState {
  return {
    effects: new Map(effects.map((e) => [key2(e.groupId, e.entryId), e])),
    dirtyEffects: new Set(),
    deltas: new Map(),
    currencies: new Map(),
  };
}

/** The effect of an expense recorded or amended. */
export function reportEffect(data: ExpenseData): ReportEffect {
  const currency = data.converted.currency;
  return {
    month: data.date.slice(0, 7),
    category: data.category,
    total: parseAmount(data.converted.amount, currency),
    shares: new Map(data.shares.map((s) => [s.memberId, parseAmount(s.amount, currency)])),
  };
}

function add(
  state: ReportsState,
  groupId: string,
  month: string,
  kind: CellKind,
  key: string,
  amount: bigint,
) {
  const k = `${groupId}/${month}/${kind}/${key}`;
  const d = state.deltas.get(k);
  if (d) d.amount += amount;
  else state.deltas.set(k, { groupId, month, kind, key, amount });
}

function addEffect(state: ReportsState, groupId: string, effect: ReportEffect, sign: 1n | -1n) {
  add(state, groupId, effect.month, "total", "", sign * effect.total);
  add(state, groupId, effect.month, "category", effect.category, sign * effect.total);
  for (const [m, v] of effect.shares) add(state, groupId, effect.month, "member", m, sign * v);
}

/**
 * Applies a batch, mutating `state`: an expense's new revision takes its
 * previous effect back (unless voided) and adds its new one, so an amend
 * moves the figures by exactly the difference (also across months when its
 * date moved); a void takes the effect back. An event at or below an
 * expense's stored revision changes nothing.
 */
export function foldReports(state: ReportsState, events: readonly GroupEnvelope[]): ReportsState {
  for (const { groupId, event } of events) {
    const apply = (effect: ReportEffect, sign: 1n | -1n) => addEffect(state, groupId, effect, sign);
    switch (event.type) {
      case "GroupCreated":
      case "GroupCurrencyChanged":
        state.currencies.set(groupId, event.data.currency);
        break;
      case "ExpenseRecorded":
      case "ExpenseAmended": {
        const data = event.data;
        const entry = { groupId, entryId: data.expenseId, revision: data.revision };
        reviseEffect(state, entry, () => reportEffect(data), apply);
        break;
      }
      case "ExpenseVoided": {
        const entry = { groupId, entryId: event.data.expenseId, revision: event.data.revision };
        voidEffect(state, entry, apply);
        break;
      }
      default:
        // Settlements move money between members; they are not spending. Names,
        // roles and invites are not spending either.
        ignoreEvents(event, IGNORED, "the reports fold");
        break;
    }
  }
  return state;
}

/**
 * An effect as stored in `rm_report_effects.effect`:
 * `month;category;total;shares`, the shares as `memberId:minorUnits` pairs
 * (nothing in it needs escaping: months, category slugs, UUIDs, integers).
 */
export function encodeReportEffect(effect: ReportEffect): string {
  return `${effect.month};${effect.category};${effect.total};${encodeSide(effect.shares)}`;
}

/** The inverse of {@linkcode encodeReportEffect}. */
export function decodeReportEffect(text: string): ReportEffect {
  const parts = text.split(";");
  if (parts.length !== 4) throw new Error(`malformed report effect ${JSON.stringify(text)}`);
  const [month, category, total, shares] = parts;
  return { month, category, total: BigInt(total), shares: decodeSide(shares) };
}
