/**
 * The pure fold of the access read model.
 *
 * @module
 */
import type { Role } from "@kopek/domain";
import {
  ATTACHMENT_EVENTS,
  CATEGORY_EVENTS,
  COMMENT_EVENTS,
  EXPENSE_EVENTS,
  GROUP_EVENTS,
  ignoreEvents,
  INVITE_EVENTS,
  PAYMENT_HANDLE_EVENTS,
  RECURRENCE_EVENTS,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";

/** The event types the access fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  "MemberRenamed",
  ...GROUP_EVENTS,
  ...INVITE_EVENTS,
  ...EXPENSE_EVENTS,
  ...SETTLEMENT_EVENTS,
  ...COMMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...CATEGORY_EVENTS,
  ...RECURRENCE_EVENTS,
  ...ATTACHMENT_EVENTS,
] as const;

/** A row of `rm_access`. */
export interface AccessRow {
  groupId: string;
  memberId: string;
  userId: string | null;
  role: Role;
  active: boolean;
  revision: number;
}

/** Loaded rows keyed by `groupId/memberId`, and the keys the fold changed. */
export interface AccessState {
  readonly rows: Map<string, AccessRow>;
  readonly dirty: Set<string>;
}

/** A state holding the given loaded rows. */
export function accessState(rows: AccessRow[] = []): AccessState {
  return { rows: new Map(rows.map((r) => [key2(r.groupId, r.memberId), r])), dirty: new Set() };
}

/**
 * Applies member events (others are ignored), mutating `state`. An event at
 * or below a row's revision changes nothing.
 */
export function foldAccess(state: AccessState, events: readonly GroupEnvelope[]): AccessState {
  for (const { groupId, event } of events) {
    switch (event.type) {
      case "MemberAdded": {
        const k = key2(groupId, event.data.memberId);
        if (state.rows.has(k)) break;
        state.rows.set(k, {
          groupId,
          memberId: event.data.memberId,
          userId: event.data.userId,
          role: event.data.role,
          active: true,
          revision: 1,
        });
        state.dirty.add(k);
        break;
      }
      case "MemberRoleChanged":
      case "MemberDeactivated":
      case "MemberClaimed":
      case "MemberUnlinked": {
        const k = key2(groupId, event.data.memberId);
        const row = state.rows.get(k);
        if (!row || event.data.revision <= row.revision) break;
        row.revision = event.data.revision;
        if (event.type === "MemberRoleChanged") row.role = event.data.role;
        else if (event.type === "MemberClaimed") row.userId = event.data.userId;
        else if (event.type === "MemberUnlinked") row.userId = null;
        else row.active = false;
        state.dirty.add(k);
        break;
      }
      default:
        // Not about access.
        ignoreEvents(event, IGNORED, "the access fold");
        break;
    }
  }
  return state;
}
