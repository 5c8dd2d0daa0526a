/**
 * A member's user deletes their account: the member stays (name, history,
 * balance) as a placeholder, so the others' ledger is unchanged and an admin
 * can later invite someone to claim it. Only the member's own user can cause
 * it; `ownedBlockers` says which groups block the deletion.
 *
 * @module
 */
import { conflict, notFound } from "../errors.ts";
import type { CommandContext, GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import type { GroupState } from "./state.ts";

/** Unlinks the actor's own member (nothing when it is already a placeholder). */
export function decideMemberUnlink(
  command: Extract<GroupCommand, { type: "member.unlink" }>,
  state: GroupState,
  ctx: CommandContext,
): GroupEvent[] {
  const member = state.members.get(command.memberId);
  if (!state.exists || !member) throw notFound("member");
  if (member.userId === null) return [];
  if (member.userId !== ctx.actorUserId) throw notFound("member");
  if (member.role === "owner" && ownerBlocks(state, ctx.actorUserId)) {
    throw conflict(
      "account.owns_group",
      "the group has other members: hand over ownership before deleting the account",
    );
  }
  return [{
    type: "MemberUnlinked",
    data: { memberId: member.id, revision: member.revision + 1 },
  }];
}

/**
 * Whether the user owns this group while another active member is bound to
 * another user: then deleting the account would leave them without an owner.
 */
export function ownerBlocks(state: GroupState, userId: string): boolean {
  if (!state.exists) return false;
  let owns = false;
  let others = false;
  for (const m of state.members.values()) {
    if (m.userId === userId && m.role === "owner") owns = true;
    else if (m.active && m.userId !== null && m.userId !== userId) others = true;
  }
  return owns && others;
}
