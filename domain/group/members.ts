/**
 * Members of a group: adding one, changing a member's name or role (and
 * handing over ownership), removing one whose balance is settled. Who may do
 * what follows the roles' ranks.
 *
 * @module
 */
import { conflict, forbidden, invalid, notFound } from "../errors.ts";
import type { Role } from "../shared/schemas.ts";
import type { GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { requireVersion } from "./preconditions.ts";
import { can, outranks } from "./roles.ts";
import { balanceOf, type GroupState, memberOfUser, type MemberState } from "./state.ts";

/** The member of this id, or not found. */
function memberOf(state: GroupState, id: string): MemberState {
  const m = state.members.get(id);
  if (!m) throw notFound("member");
  return m;
}

/** Refuses a change to another member whose role is not below the actor's. */
function requireManageable(actor: MemberState, target: MemberState) {
  if (actor.id !== target.id && !outranks(actor.role, target.role)) {
    throw forbidden(`a ${actor.role} cannot change a member whose role is ${target.role}`);
  }
}

/** Refuses a role the actor may not give (ownership only the owner hands over). */
function requireGrantable(actor: MemberState, role: Role) {
  if (role === "owner") {
    if (actor.role !== "owner") throw forbidden("only the owner can hand over ownership");
    return;
  }
  if (!outranks(actor.role, role) && actor.role !== "owner") {
    throw forbidden(`a ${actor.role} cannot give the role ${role}`);
  }
}

/** Adds a member (not an owner; its id unused, its user not a member yet). */
export function decideMemberAdd(
  command: Extract<GroupCommand, { type: "member.add" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "member.manage")) {
    throw forbidden("only an owner or admin can add members");
  }
  if (command.role === "owner") {
    throw invalid(
      "member.owner_role",
      "role",
      "a group has one owner: add the member, then hand over ownership",
    );
  }
  requireGrantable(actor, command.role);
  if (state.members.has(command.memberId)) {
    throw conflict("member.exists", "a member with this id already exists");
  }
  if (command.userId !== null && memberOfUser(state, command.userId)) {
    throw conflict("member.user_exists", "this user is already a member of the group");
  }
  return [{
    type: "MemberAdded",
    data: {
      memberId: command.memberId,
      name: command.name,
      userId: command.userId,
      role: command.role,
    },
  }];
}

/**
 * Renames a member or changes its role (the member itself may rename); giving ownership makes
 * the old owner an admin.
 */
export function decideMemberUpdate(
  command: Extract<GroupCommand, { type: "member.update" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  const target = memberOf(state, command.memberId);
  const self = target.id === actor.id;
  if (!self && !can(actor.role, "member.manage")) {
    throw forbidden("only an owner or admin can change members");
  }
  requireManageable(actor, target);
  requireVersion(target.revision, command.ifMatch);
  if (!target.active) throw conflict("member.inactive", "the member has been removed");
  const events: GroupEvent[] = [];
  let revision = target.revision;
  if (command.name !== undefined && command.name !== target.name) {
    events.push({
      type: "MemberRenamed",
      data: { memberId: target.id, revision: ++revision, name: command.name },
    });
  }
  if (command.role !== undefined && command.role !== target.role) {
    if (self && actor.role === "owner") {
      throw conflict(
        "member.owner_role",
        "the owner keeps the role until handing ownership to another member",
      );
    }
    if (!can(actor.role, "member.manage")) {
      throw forbidden("only an owner or admin can change roles");
    }
    requireGrantable(actor, command.role);
    if (command.role === "owner") {
      if (target.userId === null) {
        throw conflict(
          "member.placeholder_owner",
          "ownership can go only to a member bound to a user",
        );
      }
      events.push({
        type: "MemberRoleChanged",
        data: { memberId: actor.id, revision: actor.revision + 1, role: "admin" },
      });
    }
    events.push({
      type: "MemberRoleChanged",
      data: { memberId: target.id, revision: ++revision, role: command.role },
    });
  }
  return events;
}

/** Removes a member (not the owner) whose balance is zero. */
export function decideMemberRemove(
  command: Extract<GroupCommand, { type: "member.remove" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  const target = memberOf(state, command.memberId);
  if (!can(actor.role, "member.manage")) {
    throw forbidden("only an owner or admin can remove members");
  }
  if (target.role === "owner") throw conflict("member.owner", "the owner cannot be removed");
  requireManageable(actor, target);
  requireVersion(target.revision, command.ifMatch);
  if (!target.active) throw conflict("member.inactive", "the member has already been removed");
  const balance = balanceOf(state, target.id);
  if (balance !== 0n) {
    throw conflict(
      "member.balance_not_zero",
      "the member's balance is not zero: settle up first",
    );
  }
  return [{
    type: "MemberDeactivated",
    data: { memberId: target.id, revision: target.revision + 1 },
  }];
}
