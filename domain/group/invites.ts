/**
 * Invites to a group: an admin creates one (for a placeholder member to be
 * claimed, or for a new member); whoever holds the code accepts it once,
 * before it expires. Codes are secrets: the aggregate only ever sees their
 * SHA-256, and finding the invite from a code is the edge's job.
 *
 * @module
 */
import { conflict, forbidden, gone, invalid, notFound } from "../errors.ts";
import type { CommandContext, GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { can, outranks } from "./roles.ts";
import { type GroupState, memberOfUser, type MemberState } from "./state.ts";

type InviteCreate = Extract<GroupCommand, { type: "invite.create" }>;
type InviteAccept = Extract<GroupCommand, { type: "invite.accept" }>;

/** The events of `invite.create` by `actor`, an active member of the group. */
export function decideInviteCreate(
  command: InviteCreate,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "member.manage")) {
    throw forbidden("only an owner or admin can invite");
  }
  if (command.role === "owner") {
    throw invalid(
      "member.owner_role",
      "role",
      "a group has one owner: invite the member, then hand over ownership",
    );
  }
  if (actor.role !== "owner" && !outranks(actor.role, command.role)) {
    throw forbidden(`a ${actor.role} cannot give the role ${command.role}`);
  }
  if (state.invites.has(command.inviteId)) {
    throw conflict("invite.exists", "an invite with this id already exists");
  }
  if (command.memberId !== null) {
    const target = state.members.get(command.memberId);
    if (!target) throw notFound("member");
    if (!target.active) throw conflict("member.inactive", "the member has been removed");
    if (target.userId !== null) {
      throw conflict(
        "invite.not_placeholder",
        "the member is already bound to a user: only a placeholder can be claimed",
      );
    }
  }
  return [{
    type: "InviteCreated",
    data: {
      inviteId: command.inviteId,
      codeHash: command.codeHash,
      memberId: command.memberId,
      role: command.role,
      expiresAt: command.expiresAt,
    },
  }];
}

/**
 * The events of `invite.accept` by the invitee (`ctx.actorUserId`), who need
 * not be a member yet. A used or expired invite, a placeholder claimed
 * meanwhile, or an invitee who already is an active member is refused; the
 * invitee accepting again is answered with no new event.
 */
export function decideInviteAccept(
  command: InviteAccept,
  state: GroupState,
  ctx: CommandContext,
): GroupEvent[] {
  const invite = state.exists ? state.invites.get(command.inviteId) : undefined;
  if (!invite) throw notFound("invite");
  const userId = ctx.actorUserId;
  if (invite.acceptedBy !== null) {
    // The invitee retrying (a lost answer) gets the same answer; anyone else is refused.
    if (invite.acceptedBy === userId && memberOfUser(state, userId)) return [];
    throw conflict("invite.used", "this invite has already been used");
  }
  if (Date.parse(command.now) >= Date.parse(invite.expiresAt)) {
    throw gone("invite.expired", "this invite has expired: ask for a new one");
  }
  if (memberOfUser(state, userId)) {
    throw conflict("member.user_exists", "you already are a member of this group");
  }
  if (invite.memberId === null) {
    if (state.members.has(command.newMemberId)) {
      throw conflict("member.exists", "a member with this id already exists");
    }
    return [
      {
        type: "MemberAdded",
        data: { memberId: command.newMemberId, name: command.name, userId, role: invite.role },
      },
      {
        type: "InviteAccepted",
        data: { inviteId: invite.id, memberId: command.newMemberId, userId },
      },
    ];
  }
  const target = state.members.get(invite.memberId);
  if (!target || !target.active || target.userId !== null) {
    throw conflict("invite.member_taken", "the member this invite was for is no longer open");
  }
  let revision = target.revision;
  const events: GroupEvent[] = [
    { type: "MemberClaimed", data: { memberId: target.id, revision: ++revision, userId } },
  ];
  if (invite.role !== target.role) {
    events.push({
      type: "MemberRoleChanged",
      data: { memberId: target.id, revision: ++revision, role: invite.role },
    });
  }
  events.push({
    type: "InviteAccepted",
    data: { inviteId: invite.id, memberId: target.id, userId },
  });
  return events;
}
