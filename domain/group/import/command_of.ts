/**
 * The command a run of stored events stands for: the `GroupCommand` the
 * edge would have built for the request that caused them (ids, texts parsed
 * with the API's own body schemas, the resolved conversion), so that the
 * decider can decide it again. A command's events are recognised by their
 * types and the members they name; at most three events make one command,
 * so a stream's pending events never exceed that.
 *
 * The recogniser only proposes: the decider, given the state before, must
 * decide exactly the stored events from the command, or the import refuses.
 *
 * @module
 */
import {
  CategoryAddInput,
  CommentAddInput,
  type GroupCommand,
  GroupUpdateInput,
  PaymentHandlesInput,
} from "../commands.ts";
import type { GroupEvent, GroupEventOf } from "../events.ts";
import { recogniseGroupChange, recogniseGroupCreated } from "./group_command_of.ts";
import { recogniseInviteCreated } from "./invite_command_of.ts";
import { recogniseExpense, recogniseSettlement } from "./ledger_command_of.ts";
import {
  recogniseMemberAdded,
  recogniseMemberClaimed,
  recogniseMemberRenamed,
  recogniseMemberRoleChanged,
} from "./member_command_of.ts";
import { input, one, type Recognised, type Run, Unrecognised } from "./recognised.ts";
import { isRecurrenceEvent, recogniseRecurrence } from "./recurrence_command_of.ts";

export { type Recognised, Unrecognised } from "./recognised.ts";

/** The `comment.add` a `CommentAdded` stands for. */
function commentCommand(d: GroupEventOf<"CommentAdded">["data"]): GroupCommand {
  const { text } = input(CommentAddInput, { text: d.text }, "comment");
  return { type: "comment.add", commentId: d.commentId, expenseId: d.expenseId, text };
}

/** The `member.payment_handles.set` a `MemberPaymentHandlesSet` stands for. */
function handlesCommand(d: GroupEventOf<"MemberPaymentHandlesSet">["data"]): GroupCommand {
  const { handles } = input(PaymentHandlesInput, { handles: d.handles }, "payment handles");
  return { type: "member.payment_handles.set", memberId: d.memberId, handles };
}

/** The category command a category event stands for. */
function categoryCommand(
  e: GroupEventOf<"CategoryAdded" | "CategoryChanged" | "CategoryRemoved">,
): GroupCommand {
  const { categoryId } = e.data;
  if (e.type === "CategoryRemoved") return { type: "category.remove", categoryId };
  const { name, icon, colour } = input(
    CategoryAddInput,
    { name: e.data.name, icon: e.data.icon, colour: e.data.colour },
    "category",
  );
  // A change names every field: the decider emits only a real change, so this decides the same.
  return e.type === "CategoryAdded"
    ? { type: "category.add", categoryId, name, icon, colour }
    : { type: "category.update", categoryId, name, icon, colour };
}

/**
 * Recognises the command that the first of `events` (pending events of one
 * stream, of one run: same command id, actor and time) begins. `closed`
 * says the run has ended (no later event can belong to this command). `at`
 * is the run's time (RFC 3339). Throws {@linkcode Unrecognised} when no
 * command of the API begins so.
 */
export function recogniseCommand(
  events: readonly GroupEvent[],
  closed: boolean,
  at: string,
): Recognised {
  const [e0, e1, e2] = events;
  /** Whether fewer than `n` events are known while more may come. */
  const waiting = (n: number) => events.length < n && !closed;
  if (isRecurrenceEvent(e0)) {
    const r = recogniseRecurrence(e0, e1, waiting, at);
    if (r.kind === "unrecognised") throw new Unrecognised(r.reason);
    return r.kind === "more" ? r : one(r.count, r.command);
  }
  const run: Run = { e1, e2, waiting, at };
  switch (e0.type) {
    case "GroupCreated":
      return recogniseGroupCreated(e0, run);
    case "GroupRenamed":
    case "GroupCurrencyChanged":
      return recogniseGroupChange(e0, run);
    case "MemberAdded":
      return recogniseMemberAdded(e0, run);
    case "MemberRenamed":
      return recogniseMemberRenamed(e0, run);
    case "MemberRoleChanged":
      return recogniseMemberRoleChanged(e0, run);
    case "MemberDeactivated":
      return one(1, { type: "member.remove", memberId: e0.data.memberId });
    case "MemberClaimed":
      return recogniseMemberClaimed(e0, run);
    case "InviteCreated":
      return recogniseInviteCreated(e0, run);
    case "InviteRevoked":
      return one(1, { type: "invite.revoke", inviteId: e0.data.inviteId });
    case "MemberUnlinked":
      return one(1, { type: "member.unlink", memberId: e0.data.memberId });
    case "InviteAccepted":
      throw new Unrecognised(
        "an InviteAccepted must follow the MemberAdded or MemberClaimed of its invitee",
      );
    case "ExpenseRecorded":
    case "ExpenseAmended":
      return recogniseExpense(e0, run);
    case "ExpenseVoided":
      return one(1, { type: "expense.void", expenseId: e0.data.expenseId });
    case "SettlementRecorded":
    case "SettlementAmended":
      return recogniseSettlement(e0);
    case "SettlementVoided":
      return one(1, { type: "settlement.void", settlementId: e0.data.settlementId });
    case "CommentAdded":
      return one(1, commentCommand(e0.data));
    case "AttachmentAdded": {
      const { memberId: _, ...attachment } = e0.data;
      return one(1, { type: "attachment.add", attachment });
    }
    case "AttachmentRemoved":
      return one(1, { type: "attachment.remove", ...e0.data });
    case "GroupDebtSimplificationChanged":
      return one(1, { type: "group.update", simplifyDebts: e0.data.simplify });
    case "MemberPaymentHandlesSet":
      return one(1, handlesCommand(e0.data));
    case "CategoryAdded":
    case "CategoryChanged":
    case "CategoryRemoved":
      return one(1, categoryCommand(e0));
    case "GroupTimeZoneChanged":
      return one(1, {
        type: "group.update",
        ...input(GroupUpdateInput, { timeZone: e0.data.timeZone }, "group change"),
      });
    default: {
      const unknown: never = e0;
      throw new Unrecognised(`unknown event ${(unknown as GroupEvent).type}`);
    }
  }
}
