/**
 * Comments on expenses: add. The comment's id is the client's (body) or a
 * new one; its time is the command's (the event's `at`).
 *
 * @module
 */
import { CommentAddInput } from "@kopek/domain";
import { lastOf, parse, type Prepare, requireId } from "./command.ts";

/** `comment.add`: the target is the expense commented on. */
export const prepareCommentAdd: Prepare = ({ deps }, request, _actor, at) => {
  const groupId = requireId(request.groupId, "group");
  const expenseId = requireId(request.targetId, "expense");
  const body = parse(CommentAddInput, request.body);
  const commentId = body.id ?? deps.newId();
  return {
    groupId,
    entityId: commentId,
    build: () => ({ type: "comment.add", commentId, expenseId, text: body.text }),
    respond: (done) => {
      const event = lastOf(done.events, "CommentAdded")!;
      return {
        created: true,
        body: {
          id: event.data.commentId,
          expenseId: event.data.expenseId,
          memberId: event.data.memberId,
          text: event.data.text,
          at,
          position: done.position,
        },
        etag: null,
      };
    },
  };
};
