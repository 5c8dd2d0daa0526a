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
import { DomainError, invalid } from "../errors.ts";
import type { GroupEvent } from "./events.ts";
import { foldGroup } from "./evolve.ts";
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

function fold(events: readonly GroupEvent[], what: string): GroupState {
  try {
    return foldGroup(initialGroupState(), structuredClone(events));
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw invalid("invalid_history", "events", `${what} does not fold: ${(e as Error).message}`);
  }
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
  const source = fold(events, "the group's history");
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
  const state = fold(rebased.map((r) => r.event), "the rebased history");
  const memberIds = new Map([...source.members.keys()].map((id) => [id, ids.get(id)!]));
  return {
    groupId: ids.get(events[0].data.groupId)!,
    name: state.name,
    events: rebased,
    state,
    memberIds,
  };
}
