/**
 * Invites to a group: an admin creates one (for a placeholder member to be
 * claimed, or for a new member); whoever holds the code accepts it once,
 * before it expires. Codes are secrets: the aggregate only ever sees their
 * SHA-256, and finding the invite from a code is the edge's job.
 *
 * An invite is governed: an owner or admin may revoke it while unused, and
 * it dies with its creator's right to make it (the creator removed, or no
 * longer allowed to grant its role), so that a removed admin cannot come
 * back through an invite they made before.
 *
 * @module
 */
import { conflict, forbidden, gone, invalid, notFound } from "../errors.ts";
import type { CommandContext, GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import type { Role } from "../shared/schemas.ts";
import { can, outranks } from "./roles.ts";
import { type GroupState, type InviteState, memberOfUser, type MemberState } from "./state.ts";

type InviteCreate = Extract<GroupCommand, { type: "invite.create" }>;
type InviteAccept = Extract<GroupCommand, { type: "invite.accept" }>;
type InviteRevoke = Extract<GroupCommand, { type: "invite.revoke" }>;

/** Where an invite stands: only an `active` one can be accepted. */
export type InviteStatus = "active" | "used" | "expired" | "revoked" | "dead";

/** Whether a member of `role` may create (and so keep alive) an invite that grants `granted`. */
export function mayInvite(role: Role, granted: Role): boolean {
  return can(role, "member.manage") && granted !== "owner" &&
    (role === "owner" || outranks(role, granted));
}

/** What {@linkcode inviteStatusOf} needs to know of an invite. */
export type InviteFacts = Pick<
  InviteState,
  "acceptedBy" | "revoked" | "createdBy" | "expiresAt" | "role"
>;

/**
 * The rule of {@linkcode inviteStatus} over plain facts, so that a read model
 * (which keeps the invite and its creator's current role and active flag in
 * rows, not a folded group) answers exactly what the decider decides.
 * `creator` is the member `invite.createdBy` names, or undefined when the
 * group has no such member.
 */
export function inviteStatusOf(
  invite: InviteFacts,
  creator: Pick<MemberState, "role" | "active"> | undefined,
  now: string,
): InviteStatus {
  if (invite.acceptedBy !== null) return "used";
  if (invite.revoked) return "revoked";
  if (invite.createdBy !== null) {
    if (!creator || !creator.active || !mayInvite(creator.role, invite.role)) return "dead";
  }
  if (Date.parse(now) >= Date.parse(invite.expiresAt)) return "expired";
  return "active";
}

/**
 * Where an invite stands at `now` (RFC 3339): used, revoked, dead (its
 * creator removed or no longer allowed to grant its role), expired, or
 * active. Invites recorded before their creator was kept have no creator to
 * lose and follow the other rules.
 */
export function inviteStatus(state: GroupState, invite: InviteState, now: string): InviteStatus {
  const creator = invite.createdBy === null ? undefined : state.members.get(invite.createdBy);
  return inviteStatusOf(invite, creator, now);
}

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
  if (!mayInvite(actor.role, command.role)) {
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
      createdBy: actor.id,
    },
  }];
}

/**
 * The events of `invite.revoke` by `actor`, an active member: an owner may
 * revoke any unused invite, an admin those whose role it could grant.
 * Revoking a revoked invite changes nothing.
 */
export function decideInviteRevoke(
  command: InviteRevoke,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "member.manage")) {
    throw forbidden("only an owner or admin can revoke invites");
  }
  const invite = state.invites.get(command.inviteId);
  if (!invite) throw notFound("invite");
  if (actor.role !== "owner" && !outranks(actor.role, invite.role)) {
    throw forbidden(`a ${actor.role} cannot revoke an invite for the role ${invite.role}`);
  }
  if (invite.acceptedBy !== null) {
    throw conflict("invite.used", "this invite has already been used: remove the member instead");
  }
  if (invite.revoked) return [];
  return [{ type: "InviteRevoked", data: { inviteId: invite.id } }];
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
  const status = inviteStatus(state, invite, command.now);
  switch (status) {
    case "revoked":
      throw gone("invite.revoked", "this invite was revoked: ask for a new one");
    case "dead":
      throw gone(
        "invite.dead",
        "this invite no longer works: whoever made it can no longer invite: ask for a new one",
      );
    case "expired":
      throw gone("invite.expired", "this invite has expired: ask for a new one");
    case "active":
    case "used":
      break;
    default: {
      const unknown: never = status;
      throw new Error(`unknown invite status ${unknown}`);
    }
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
