/**
 * The pure fold of the balances read model: entry effects and per-member
 * deltas (added to the stored totals on write-back).
 *
 * @module
 */
import {
  type Effect,
  entryPairDebts,
  expenseEffect,
  pairKey,
  settlementEffect,
} from "@kopek/domain";
import {
  ATTACHMENT_EVENTS,
  CATEGORY_EVENTS,
  COMMENT_EVENTS,
  ignoreEvents,
  INVITE_EVENTS,
  RECURRENCE_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";
import { foldHandles, type HandlesChange } from "./handles.ts";
import { type EffectRow as StoredEffect, reviseEffect, voidEffect } from "../_effects_fold.ts";

/** The event types the balances fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  "GroupRenamed",
  "MemberRenamed",
  "MemberRoleChanged",
  "MemberDeactivated",
  "MemberClaimed",
  ...INVITE_EVENTS,
  ...COMMENT_EVENTS,
  ...CATEGORY_EVENTS,
  ...RECURRENCE_EVENTS,
  ...ATTACHMENT_EVENTS,
  "GroupTimeZoneChanged",
] as const;

/** A row of `rm_balance_effects`. */
export type EffectRow = StoredEffect<Effect>;

/** A change to one member's totals (added to `rm_balances`). */
export interface BalanceDelta {
  readonly groupId: string;
  readonly memberId: string;
  /** Set when the batch holds the member's MemberAdded. */
  joinedVersion: number | null;
  paid: bigint;
  owed: bigint;
}

/** A change to one pair's net debt (added to `rm_balance_pairs`): what `lo` owes `hi`. */
export interface PairDelta {
  readonly groupId: string;
  readonly lo: string;
  readonly hi: string;
  amount: bigint;
}

/** Loaded effects, the deltas and group currencies the fold produced. */
export interface BalancesState {
  readonly effects: Map<string, EffectRow>;
  readonly dirtyEffects: Set<string>;
  readonly deltas: Map<string, BalanceDelta>;
  /** groupId → currency, for groups created or re-currencied in the batch. */
  readonly currencies: Map<string, string>;
  /** `groupId/lo/hi` → the change to the pair's net debt (ADR 0052). */
  readonly pairs: Map<string, PairDelta>;
  /** groupId → whether its plan simplifies debts, for groups that changed it in the batch. */
  readonly simplify: Map<string, boolean>;
  /** `groupId/memberId` → the last change to the member's payment handles in the batch. */
  readonly handles: Map<string, HandlesChange>;
}

/** A state holding the given loaded effects. */
export function balancesState(effects: EffectRow[] = []): BalancesState {
  return {
    effects: new Map(effects.map((e) => [key2(e.groupId, e.entryId), e])),
    dirtyEffects: new Set(),
    deltas: new Map(),
    currencies: new Map(),
    pairs: new Map(),
    simplify: new Map(),
    handles: new Map(),
  };
}

function delta(state: BalancesState, groupId: string, memberId: string): BalanceDelta {
  const k = key2(groupId, memberId);
  let d = state.deltas.get(k);
  if (!d) state.deltas.set(k, d = { groupId, memberId, joinedVersion: null, paid: 0n, owed: 0n });
  return d;
}

function addEffect(state: BalancesState, groupId: string, effect: Effect, sign: 1n | -1n) {
  for (const [m, v] of effect.paid) delta(state, groupId, m).paid += sign * v;
  for (const [m, v] of effect.owed) delta(state, groupId, m).owed += sign * v;
  for (const debt of entryPairDebts(effect.paid, effect.owed)) {
    const { lo, hi, sign: direction } = pairKey(debt.from, debt.to);
    const k = `${groupId}/${lo}/${hi}`;
    let p = state.pairs.get(k);
    if (!p) state.pairs.set(k, p = { groupId, lo, hi, amount: 0n });
    p.amount += sign * direction * debt.amount;
  }
}

/**
 * Applies a batch, mutating `state`: an entry's new revision takes its
 * previous effect back (unless voided) and adds its new one; a void takes it
 * back. An event at or below an entry's stored revision changes nothing.
 */
export function foldBalances(
  state: BalancesState,
  events: readonly GroupEnvelope[],
): BalancesState {
  for (const env of events) {
    const { groupId, event } = env;
    const apply = (effect: Effect, sign: 1n | -1n) => addEffect(state, groupId, effect, sign);
    switch (event.type) {
      case "GroupCreated":
      case "GroupCurrencyChanged":
        state.currencies.set(groupId, event.data.currency);
        break;
      case "GroupDebtSimplificationChanged":
        state.simplify.set(groupId, event.data.simplify);
        break;
      case "MemberAdded": {
        const d = delta(state, groupId, event.data.memberId);
        if (d.joinedVersion === null) d.joinedVersion = env.version;
        break;
      }
      case "ExpenseRecorded":
      case "ExpenseAmended":
      case "SettlementRecorded":
      case "SettlementAmended": {
        const data = event.data;
        const entryId = "expenseId" in data ? data.expenseId : data.settlementId;
        reviseEffect(
          state,
          { groupId, entryId, revision: data.revision },
          () => "expenseId" in data ? expenseEffect(data) : settlementEffect(data),
          apply,
        );
        break;
      }
      case "ExpenseVoided":
      case "SettlementVoided": {
        const entryId = event.type === "ExpenseVoided"
          ? event.data.expenseId
          : event.data.settlementId;
        voidEffect(state, { groupId, entryId, revision: event.data.revision }, apply);
        break;
      }
      case "MemberPaymentHandlesSet":
      case "MemberUnlinked":
        foldHandles(state.handles, groupId, env.version, event);
        break;
      default:
        // Names, roles and invites move no money.
        ignoreEvents(event, IGNORED, "the balances fold");
        break;
    }
  }
  return state;
}

/**
 * An effect as stored in `rm_balance_effects.effect`: `paid;owed`, each side
 * `memberId:minorUnits` pairs joined by commas (UUIDs and integers only, so
 * nothing needs escaping and the server parses nothing).
 */
export function encodeEffect(effect: Effect): string {
  return `${encodeSide(effect.paid)};${encodeSide(effect.owed)}`;
}

/** The inverse of {@linkcode encodeEffect}. */
export function decodeEffect(text: string): Effect {
  const at = text.indexOf(";");
  if (at < 0) throw new Error(`malformed balance effect ${JSON.stringify(text)}`);
  return { paid: decodeSide(text.slice(0, at)), owed: decodeSide(text.slice(at + 1)) };
}

/**
 * Member amounts as `memberId:minorUnits` pairs joined by commas (one side of
 * an effect; the reports projection stores its shares the same way).
 */
export function encodeSide(side: ReadonlyMap<string, bigint>): string {
  let out = "";
  for (const [m, v] of side) out += `${out === "" ? "" : ","}${m}:${v}`;
  return out;
}

/** The inverse of {@linkcode encodeSide}. */
export function decodeSide(text: string): Map<string, bigint> {
  const side = new Map<string, bigint>();
  if (text === "") return side;
  for (const pair of text.split(",")) {
    const at = pair.indexOf(":");
    side.set(pair.slice(0, at), BigInt(pair.slice(at + 1)));
  }
  return side;
}
