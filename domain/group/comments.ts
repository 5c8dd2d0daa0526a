/**
 * Comments on expenses: a member who may record expenses comments on an
 * expense of the group, voided or not. A comment id is used once per group.
 *
 * @module
 */
import { conflict, forbidden, notFound } from "../errors.ts";
import type { GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { can } from "./roles.ts";
import type { GroupState, MemberState } from "./state.ts";

/** The `CommentAdded` a `comment.add` causes, or a refusal. */
export function decideCommentAdd(
  command: Extract<GroupCommand, { type: "comment.add" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "ledger.write")) throw forbidden(`a ${actor.role} cannot comment`);
  const entry = state.entries.get(command.expenseId);
  if (!entry || entry.kind !== "expense") throw notFound("expense");
  if (state.comments.has(command.commentId)) {
    throw conflict("comment.exists", "a comment with this id already exists");
  }
  return [{
    type: "CommentAdded",
    data: {
      commentId: command.commentId,
      expenseId: command.expenseId,
      memberId: actor.id,
      text: command.text,
    },
  }];
}
