/**
 * `decide` for the group aggregate: checks a command against the state and
 * the actor's role, and answers the events it causes. Pure: no clock, no ids,
 * no I/O; ids arrive in the command, the actor in the context.
 *
 * @module
 */
import { forbidden, notFound } from "../errors.ts";
import type { CommandContext, GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { decideInviteAccept, decideInviteCreate, decideInviteRevoke } from "./invites.ts";
import { decideMemberUnlink } from "./unlink.ts";
import { decideCommentAdd } from "./comments.ts";
import { decideAttachment } from "./attachments.ts";
import { decidePaymentHandlesSet } from "./payment_handles.ts";
import { decideCategory } from "./custom_categories.ts";
import { decideRecurrence, decideRecurrenceOccur, isRecurrenceCommand } from "./recurrences.ts";
import { decideGroupCreate, decideGroupUpdate } from "./group_settings.ts";
import { decideMemberAdd, decideMemberRemove, decideMemberUpdate } from "./members.ts";
import {
  decideExpenseAmend,
  decideExpenseRecord,
  decideExpenseVoid,
  recordExpense,
} from "./expenses.ts";
import {
  decideSettlementAmend,
  decideSettlementRecord,
  decideSettlementVoid,
} from "./settlements.ts";
import { outranks } from "./roles.ts";
import { type GroupState, memberOfUser, type MemberState } from "./state.ts";

export { MAX_GROUP_TOTAL, MAX_MEMBER_TOTAL } from "./ledger_limits.ts";

function actorOf(state: GroupState, ctx: CommandContext): MemberState {
  if (ctx.guest) return guestActorOf(state, ctx.guest);
  const actor = state.exists ? memberOfUser(state, ctx.actorUserId) : undefined;
  // Not a member: the group stays invisible.
  if (!actor) throw notFound("group");
  return actor;
}

/**
 * A guest acts as its placeholder member with the lower of the member's role
 * and its link's (ADR 0059); a member claimed by an account or removed has
 * no guest any more.
 */
function guestActorOf(
  state: GroupState,
  guest: NonNullable<CommandContext["guest"]>,
): MemberState {
  const member = state.exists ? state.members.get(guest.memberId) : undefined;
  if (!member) throw notFound("group");
  if (!member.active || member.userId !== null) {
    throw forbidden("this guest link's member was claimed or removed");
  }
  return { ...member, role: outranks(member.role, guest.role) ? guest.role : member.role };
}

/** The events a command on a group causes; a refusal is thrown as a `DomainError` (`../errors.ts`). */
export function decideGroup(
  command: GroupCommand,
  state: GroupState,
  ctx: CommandContext,
): GroupEvent[] {
  if (command.type === "group.create") return decideGroupCreate(command, state, ctx);

  // The invitee is not a member yet: the invite is their way in.
  if (command.type === "invite.accept") return decideInviteAccept(command, state, ctx);
  if (command.type === "member.unlink") return decideMemberUnlink(command, state, ctx);
  // The scheduler is no member: the decision checks its actor.
  if (command.type === "recurrence.occur") {
    return decideRecurrenceOccur(command, state, ctx, recordExpense(state));
  }

  const actor = actorOf(state, ctx);
  if (isRecurrenceCommand(command)) return decideRecurrence(command, state, actor);
  switch (command.type) {
    case "invite.create":
      return decideInviteCreate(command, state, actor);
    case "invite.revoke":
      return decideInviteRevoke(command, state, actor);
    case "group.update":
      return decideGroupUpdate(command, state, actor);
    case "member.add":
      return decideMemberAdd(command, state, actor);
    case "member.update":
      return decideMemberUpdate(command, state, actor);
    case "member.remove":
      return decideMemberRemove(command, state, actor);
    case "expense.record":
      return decideExpenseRecord(command, state, actor);
    case "expense.amend":
      return decideExpenseAmend(command, state, actor);
    case "expense.void":
      return decideExpenseVoid(command, state, actor);
    case "settlement.record":
      return decideSettlementRecord(command, state, actor);
    case "settlement.amend":
      return decideSettlementAmend(command, state, actor);
    case "settlement.void":
      return decideSettlementVoid(command, state, actor);
    case "comment.add":
      return decideCommentAdd(command, state, actor);
    case "attachment.add":
    case "attachment.remove":
      return decideAttachment(command, state, actor);
    case "member.payment_handles.set":
      return decidePaymentHandlesSet(command, state, actor);
    case "category.add":
    case "category.update":
    case "category.remove":
      return decideCategory(command, state, actor);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled group command ${(unhandled as GroupCommand).type}`);
    }
  }
}
