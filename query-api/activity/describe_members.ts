/**
 * The activity feed's sentences for members and invites: who was added,
 * joined, renamed, given a role, removed, claimed a placeholder or deleted
 * their account; who invited, accepted or revoked.
 *
 * @module
 */
import { type GroupEvent, type GroupEventOf, INVITE_EVENTS, MEMBER_EVENTS } from "@kopek/domain";
import type { Context, Described, Names } from "./describe.ts";

/** An event of the member or invite family. */
export type MembershipEvent = GroupEventOf<
  (typeof MEMBER_EVENTS)[number] | (typeof INVITE_EVENTS)[number]
>;

const MEMBERSHIP_TYPES: readonly string[] = [...MEMBER_EVENTS, ...INVITE_EVENTS];

/** Whether an event is of the member or invite family. */
export function isMembershipEvent(event: GroupEvent): event is MembershipEvent {
  return MEMBERSHIP_TYPES.includes(event.type);
}

/** A member or invite event's sentence and the member it is about, if any. */
export function describeMembership(
  event: MembershipEvent,
  actor: string,
  names: Names,
  context: Context,
): Described {
  switch (event.type) {
    case "MemberAdded": {
      const who = event.data.name;
      if (event.data.userId !== null && event.data.userId === context.actorUserId) {
        // Someone who added themselves: the group's creator, or who joined by an invite.
        return {
          text: event.data.role === "owner" ? `${who} joined as owner` : `${who} joined`,
          entityId: event.data.memberId,
        };
      }
      const what = event.data.userId === null ? `${who} (not signed up yet)` : who;
      return {
        text: `${actor} added ${what} as ${event.data.role}`,
        entityId: event.data.memberId,
      };
    }
    case "MemberRenamed":
      return {
        text: `${actor} renamed a member to ${event.data.name}`,
        entityId: event.data.memberId,
      };
    case "MemberRoleChanged":
      return {
        text: `${actor} made ${names.member(event.data.memberId)} ${event.data.role}`,
        entityId: event.data.memberId,
      };
    case "MemberDeactivated":
      return {
        text: `${actor} removed ${names.member(event.data.memberId)}`,
        entityId: event.data.memberId,
      };
    case "MemberClaimed":
      return {
        text: `${actor} joined as ${names.member(event.data.memberId)}, keeping their history`,
        entityId: event.data.memberId,
      };
    case "MemberUnlinked":
      return {
        text: `${names.member(event.data.memberId)} deleted their account: the member stays, ` +
          "with its history, as a placeholder",
        entityId: event.data.memberId,
      };
    case "InviteCreated":
      return {
        text: event.data.memberId === null
          ? `${actor} invited someone as ${event.data.role}`
          : `${actor} invited someone to join as ${names.member(event.data.memberId)}`,
        entityId: event.data.memberId,
      };
    case "InviteAccepted":
      return { text: `${actor} accepted an invite`, entityId: event.data.memberId };
    case "InviteRevoked":
      return { text: `${actor} revoked an invite`, entityId: null };
  }
}
