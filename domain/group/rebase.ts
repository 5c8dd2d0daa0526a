/**
 * Restoring an exported group history as a new group: every id the history
 * defines (the group, its members, expenses, settlements) is replaced by a
 * new one, links to the source's user accounts are cut (the members become
 * placeholders, which invites can claim again), and the importing user
 * becomes the member who owns the group at the end of the history. Invites
 * and claims are account matters of the source instance and are left out;
 * everything that moves money is kept as it was, so balances, reports and
 * the expense list come out the same, member by member.
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import { DomainError, invalid } from "../errors.ts";
import { ExpenseInput, GroupCreateInput, MemberAddInput, SettlementInput } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { evolveGroup } from "./evolve.ts";
import { computeExpense, computeSettlement } from "./expense_math.ts";
import { type GroupState, initialGroupState } from "./state.ts";

/** A group history rebased for import. */
export interface RebasedGroup {
  /** The new group's id. */
  readonly groupId: string;
  /** Its name at the end of the history. */
  readonly name: string;
  /** The events to append, one per kept source event, with the source index. */
  readonly events: readonly { readonly source: number; readonly event: GroupEvent }[];
  /** The state the new events fold to. */
  readonly state: GroupState;
  /** Source member id → new member id. */
  readonly memberIds: ReadonlyMap<string, string>;
}

/** Source events that belong to the source's accounts, not to the ledger. */
const ACCOUNT_EVENTS: ReadonlySet<GroupEvent["type"]> = new Set([
  "InviteCreated",
  "InviteAccepted",
  "InviteRevoked",
  "MemberClaimed",
]);

/** Replaces every string equal to a key of `ids` in a JSON value. */
function remap<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (typeof value === "string") return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => remap(v, ids)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, remap(v, ids)]),
    ) as T;
  }
  return value;
}

/** The ids an event defines (not those it refers to). */
function definedIds(e: GroupEvent): string[] {
  switch (e.type) {
    case "GroupCreated":
      return [e.data.groupId];
    case "MemberAdded":
      return [e.data.memberId];
    case "ExpenseRecorded":
      return [e.data.expenseId];
    case "SettlementRecorded":
      return [e.data.settlementId];
    default:
      return [];
  }
}

/**
 * Checks that an event is one the command side could have decided in
 * `state`: names and texts within the API's limits, and every expense or
 * settlement derived again from its own request fields (members active,
 * payers summing to the total, shares allocated by the split, the converted
 * amount in the group's currency) to exactly the stored figures. A dump can
 * be resealed by whoever knows the format; this keeps a forged one from
 * bringing in a ledger whose balances do not add up.
 */
function checkDecidable(state: GroupState, e: GroupEvent): void {
  const refuse = (why: string): never => {
    throw invalid("invalid_history", "events", `${e.type}: ${why}`);
  };
  const schema = (result: { success: boolean; error?: { issues: { message: string }[] } }) => {
    if (!result.success) refuse(result.error?.issues[0]?.message ?? "invalid");
  };
  switch (e.type) {
    case "GroupCreated":
      return schema(GroupCreateInput.safeParse({ name: e.data.name, currency: e.data.currency }));
    case "GroupRenamed":
      return schema(GroupCreateInput.safeParse({ name: e.data.name, currency: state.currency }));
    case "MemberAdded":
      return schema(MemberAddInput.safeParse({ name: e.data.name, role: e.data.role }));
    case "MemberRenamed":
      return schema(MemberAddInput.safeParse({ name: e.data.name, role: "member" }));
    case "ExpenseRecorded":
    case "ExpenseAmended": {
      const d = e.data;
      const input = ExpenseInput.safeParse({
        description: d.description,
        total: d.total,
        date: d.date,
        category: d.category,
        paidBy: d.paidBy,
        split: d.split,
        note: d.note,
      });
      schema(input);
      const fx = d.fx &&
        { kind: "converted" as const, amount: d.converted.amount, date: d.fx.date };
      const again = computeExpense(state, input.data!, fx);
      if (
        !isDeepStrictEqual([again.converted, again.paid, again.shares], [
          d.converted,
          d.paid,
          d.shares,
        ])
      ) {
        refuse(`expense ${d.expenseId}: its allocations are not what its amounts and split give`);
      }
      return;
    }
    case "SettlementRecorded": {
      const d = e.data;
      const input = SettlementInput.safeParse({
        from: d.from,
        to: d.to,
        amount: d.amount,
        date: d.date,
        note: d.note,
      });
      schema(input);
      const fx = d.fx &&
        { kind: "converted" as const, amount: d.converted.amount, date: d.fx.date };
      const again = computeSettlement(state, input.data!, fx);
      if (!isDeepStrictEqual(again.converted, d.converted)) {
        refuse(`settlement ${d.settlementId}: its converted amount is not in the group's currency`);
      }
      return;
    }
    default:
      return;
  }
}

/** Folds a history; with `check`, each event as the command side would have decided it. */
function fold(events: readonly GroupEvent[], what: string, check: boolean): GroupState {
  let state = initialGroupState();
  for (const e of events) {
    try {
      if (check) checkDecidable(state, e);
      state = evolveGroup(state, structuredClone(e));
    } catch (err) {
      if (err instanceof DomainError) {
        throw invalid("invalid_history", "events", `${what}: ${err.message}`);
      }
      throw invalid(
        "invalid_history",
        "events",
        `${what} does not fold: ${(err as Error).message}`,
      );
    }
  }
  return state;
}

/**
 * Rebases one group's history (in version order) onto new ids, owned by
 * `ownerUserId`. Throws a validation {@linkcode DomainError} when the history
 * is not a group's (no `GroupCreated` first, no active owner at the end, or
 * it does not fold).
 */
export function rebaseGroupHistory(
  events: readonly GroupEvent[],
  ownerUserId: string,
  newId: () => string,
): RebasedGroup {
  if (events[0]?.type !== "GroupCreated") {
    throw invalid("invalid_history", "events", "a group's history must begin with GroupCreated");
  }
  // The source is folded only to find its owner at the end; the events to append are checked below.
  const source = fold(events, "the group's history", false);
  const owner = [...source.members.values()].find((m) => m.active && m.role === "owner");
  if (!owner) {
    throw invalid(
      "invalid_history",
      "events",
      "the group has no active owner at the end of its history",
    );
  }
  const ids = new Map<string, string>();
  for (const e of events) for (const id of definedIds(e)) if (!ids.has(id)) ids.set(id, newId());
  const rebased: { source: number; event: GroupEvent }[] = [];
  events.forEach((e, i) => {
    if (ACCOUNT_EVENTS.has(e.type)) return;
    const event = remap(e, ids);
    if (e.type === "MemberAdded" && event.type === "MemberAdded") {
      event.data.userId = e.data.memberId === owner.id ? ownerUserId : null;
    }
    rebased.push({ source: i, event });
  });
  const state = fold(rebased.map((r) => r.event), "the group's history", true);
  const memberIds = new Map([...source.members.keys()].map((id) => [id, ids.get(id)!]));
  return {
    groupId: ids.get(events[0].data.groupId)!,
    name: state.name,
    events: rebased,
    state,
    memberIds,
  };
}
