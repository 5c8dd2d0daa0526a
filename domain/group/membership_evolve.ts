/**
 * How members and invites change a group's state: a member added, renamed,
 * given another role, removed, claimed by an account or unlinked from it; an
 * invite created, accepted or revoked.
 *
 * @module
 */
import type { INVITE_EVENTS, MEMBER_EVENTS } from "./event_families.ts";
import type { GroupEventOf } from "./events.ts";
import { totalsOf } from "./ledger_evolve.ts";
import type { GroupState } from "./state.ts";

/** An event of the member or invite family. */
export type MembershipEvent = GroupEventOf<
  (typeof MEMBER_EVENTS)[number] | (typeof INVITE_EVENTS)[number]
>;

/** Applies a member or invite event to the state (consumed). */
export function evolveMembership(state: GroupState, event: MembershipEvent): GroupState {
  switch (event.type) {
    case "MemberAdded":
      state.members.set(event.data.memberId, {
        id: event.data.memberId,
        name: event.data.name,
        userId: event.data.userId,
        role: event.data.role,
        active: true,
        revision: 1,
        paymentHandles: [],
        paymentHandlesRevision: 0,
      });
      totalsOf(state.totals, event.data.memberId);
      return state;
    case "MemberRenamed": {
      const m = state.members.get(event.data.memberId);
      if (m) Object.assign(m, { name: event.data.name, revision: event.data.revision });
      return state;
    }
    case "MemberRoleChanged": {
      const m = state.members.get(event.data.memberId);
      if (m) Object.assign(m, { role: event.data.role, revision: event.data.revision });
      return state;
    }
    case "MemberDeactivated": {
      const m = state.members.get(event.data.memberId);
      if (m) Object.assign(m, { active: false, revision: event.data.revision });
      return state;
    }
    case "MemberClaimed": {
      const m = state.members.get(event.data.memberId);
      if (m) Object.assign(m, { userId: event.data.userId, revision: event.data.revision });
      return state;
    }
    case "MemberUnlinked": {
      const m = state.members.get(event.data.memberId);
      // The account is gone: so is how to pay it (ADR 0052).
      if (m) Object.assign(m, { userId: null, revision: event.data.revision, paymentHandles: [] });
      return state;
    }
    case "InviteCreated":
      state.invites.set(event.data.inviteId, {
        id: event.data.inviteId,
        codeHash: event.data.codeHash,
        memberId: event.data.memberId,
        role: event.data.role,
        expiresAt: event.data.expiresAt,
        createdBy: event.data.createdBy,
        acceptedBy: null,
        revoked: false,
      });
      return state;
    case "InviteAccepted": {
      const invite = state.invites.get(event.data.inviteId);
      if (invite) invite.acceptedBy = event.data.userId;
      return state;
    }
    case "InviteRevoked": {
      const invite = state.invites.get(event.data.inviteId);
      if (invite) invite.revoked = true;
      return state;
    }
  }
}
