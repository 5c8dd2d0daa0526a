/**
 * The pure fold of the invites read model.
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
  MEMBER_EVENTS,
  PAYMENT_HANDLE_EVENTS,
  RECURRENCE_EVENTS,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";

/** The event types the invites fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  ...COMMENT_EVENTS,
  ...CATEGORY_EVENTS,
  ...GROUP_EVENTS,
  ...MEMBER_EVENTS,
  ...EXPENSE_EVENTS,
  ...SETTLEMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...RECURRENCE_EVENTS,
  ...ATTACHMENT_EVENTS,
] as const;

/** A row of `rm_invites`. */
export interface InviteRow {
  groupId: string;
  inviteId: string;
  /** The placeholder member it claims, or null. */
  memberId: string | null;
  role: Role;
  /** RFC 3339, as the event says. */
  expiresAt: string;
  /** The member who created it; null for schema v1 invites. */
  createdBy: string | null;
  /** The event's time (RFC 3339). */
  createdAt: string;
  /** The stream version of InviteCreated (the list's order). */
  createdVersion: number;
  acceptedByMember: string | null;
  acceptedByUser: string | null;
  revoked: boolean;
}

/** Loaded rows keyed by `groupId/inviteId`, and the keys the fold changed. */
export interface InvitesState {
  readonly rows: Map<string, InviteRow>;
  readonly dirty: Set<string>;
}

/** A state holding the given loaded rows. */
export function invitesState(rows: InviteRow[] = []): InvitesState {
  return { rows: new Map(rows.map((r) => [key2(r.groupId, r.inviteId), r])), dirty: new Set() };
}

/** The invite an event is about, or null for events that are not about one. */
export function inviteIdOf(env: GroupEnvelope): string | null {
  switch (env.event.type) {
    case "InviteCreated":
    case "InviteAccepted":
    case "InviteRevoked":
      return env.event.data.inviteId;
    default:
      ignoreEvents(env.event, IGNORED, "the invites fold");
      return null;
  }
}

/**
 * Applies invite events (others are ignored), mutating `state`. Every change
 * is set-once (created, used, revoked), so an event applied again changes
 * nothing.
 */
export function foldInvites(state: InvitesState, events: readonly GroupEnvelope[]): InvitesState {
  for (const env of events) {
    const { groupId, event } = env;
    switch (event.type) {
      case "InviteCreated": {
        const k = key2(groupId, event.data.inviteId);
        if (state.rows.has(k)) break;
        state.rows.set(k, {
          groupId,
          inviteId: event.data.inviteId,
          memberId: event.data.memberId,
          role: event.data.role,
          expiresAt: event.data.expiresAt,
          createdBy: event.data.createdBy,
          createdAt: env.at,
          createdVersion: env.version,
          acceptedByMember: null,
          acceptedByUser: null,
          revoked: false,
        });
        state.dirty.add(k);
        break;
      }
      case "InviteAccepted": {
        const k = key2(groupId, event.data.inviteId);
        const row = state.rows.get(k);
        if (!row || row.acceptedByUser !== null) break;
        row.acceptedByMember = event.data.memberId;
        row.acceptedByUser = event.data.userId;
        state.dirty.add(k);
        break;
      }
      case "InviteRevoked": {
        const k = key2(groupId, event.data.inviteId);
        const row = state.rows.get(k);
        if (!row || row.revoked) break;
        row.revoked = true;
        state.dirty.add(k);
        break;
      }
      default:
        // Not about an invite.
        ignoreEvents(event, IGNORED, "the invites fold");
        break;
    }
  }
  return state;
}
