/**
 * The pure fold of the groups read model: group rows and member rows,
 * updated in memory by a batch of events.
 *
 * @module
 */
import type { Role } from "@kopek/domain";
import {
  ATTACHMENT_EVENTS,
  CATEGORY_EVENTS,
  COMMENT_EVENTS,
  EXPENSE_EVENTS,
  ignoreEvents,
  INVITE_EVENTS,
  PAYMENT_HANDLE_EVENTS,
  RECURRENCE_EVENTS,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";

/** The event types the groups fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  "GroupDebtSimplificationChanged",
  ...INVITE_EVENTS,
  ...EXPENSE_EVENTS,
  ...SETTLEMENT_EVENTS,
  ...COMMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...CATEGORY_EVENTS,
  ...RECURRENCE_EVENTS,
  ...ATTACHMENT_EVENTS,
  "GroupTimeZoneChanged",
] as const;

/** A row of `rm_groups`. */
export interface GroupRow {
  groupId: string;
  name: string;
  currency: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A row of `rm_members`. */
export interface MemberRow {
  groupId: string;
  memberId: string;
  name: string;
  userId: string | null;
  role: Role;
  active: boolean;
  revision: number;
  joinedVersion: number;
}

/** The rows a batch touches, keyed by group id and by `groupId/memberId`. */
export interface GroupsState {
  readonly groups: Map<string, GroupRow>;
  readonly members: Map<string, MemberRow>;
  /** Keys of the rows the fold changed (to write back). */
  readonly dirtyGroups: Set<string>;
  readonly dirtyMembers: Set<string>;
}

/** An empty state holding the given loaded rows. */
export function groupsState(groups: GroupRow[] = [], members: MemberRow[] = []): GroupsState {
  return {
    groups: new Map(groups.map((g) => [g.groupId, g])),
    members: new Map(members.map((m) => [key2(m.groupId, m.memberId), m])),
    dirtyGroups: new Set(),
    dirtyMembers: new Set(),
  };
}

/**
 * Applies a batch of events to the loaded rows (mutating `state`). Events at
 * or below a row's version (group) or revision (member) change nothing, so a
 * replayed event is harmless.
 */
export function foldGroups(state: GroupsState, events: readonly GroupEnvelope[]): GroupsState {
  for (const env of events) {
    const { event, groupId } = env;
    let group = state.groups.get(groupId);
    if (event.type === "GroupCreated") {
      if (group) continue;
      group = {
        groupId,
        name: event.data.name,
        currency: event.data.currency,
        version: env.version,
        createdAt: env.at,
        updatedAt: env.at,
      };
      state.groups.set(groupId, group);
      state.dirtyGroups.add(groupId);
      continue;
    }
    if (!group || env.version <= group.version) continue;
    group.version = env.version;
    group.updatedAt = env.at;
    state.dirtyGroups.add(groupId);
    switch (event.type) {
      case "GroupRenamed":
        group.name = event.data.name;
        break;
      case "GroupCurrencyChanged":
        group.currency = event.data.currency;
        break;
      case "MemberAdded": {
        const k = key2(groupId, event.data.memberId);
        if (state.members.has(k)) break;
        state.members.set(k, {
          groupId,
          memberId: event.data.memberId,
          name: event.data.name,
          userId: event.data.userId,
          role: event.data.role,
          active: true,
          revision: 1,
          joinedVersion: env.version,
        });
        state.dirtyMembers.add(k);
        break;
      }
      case "MemberRenamed":
      case "MemberRoleChanged":
      case "MemberDeactivated":
      case "MemberClaimed":
      case "MemberUnlinked": {
        const k = key2(groupId, event.data.memberId);
        const m = state.members.get(k);
        if (!m || event.data.revision <= m.revision) break;
        m.revision = event.data.revision;
        if (event.type === "MemberRenamed") m.name = event.data.name;
        else if (event.type === "MemberRoleChanged") m.role = event.data.role;
        else if (event.type === "MemberClaimed") m.userId = event.data.userId;
        else if (event.type === "MemberUnlinked") m.userId = null;
        else m.active = false;
        state.dirtyMembers.add(k);
        break;
      }
      default:
        // Invites, expenses, settlements, comments, debt simplification and payment handles only
        // bump the group's version (the balances read model keeps the last two, ADR 0052).
        ignoreEvents(event, IGNORED, "the groups fold");
        break;
    }
  }
  return state;
}
