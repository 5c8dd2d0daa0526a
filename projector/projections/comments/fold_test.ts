import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { GroupEvent } from "@kopek/domain";
import { createSimGroup } from "../../testing/builder.ts";
import { envelopesOf } from "../../testing/envelopes.ts";
import { foldComments } from "./fold.ts";

Deno.test("foldComments() makes one row per CommentAdded, with the event's time and position", () => {
  const { group } = createSimGroup({ members: 1 });
  const owner = (group.events[1] as Extract<GroupEvent, { type: "MemberAdded" }>).data.memberId;
  const [expenseId, a, b] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const comment = (commentId: string, text: string): GroupEvent => ({
    type: "CommentAdded",
    data: { commentId, expenseId, memberId: owner, text },
  });
  const envelopes = envelopesOf(group.groupId, [
    ...group.events,
    comment(a, "first"),
    { type: "ExpenseVoided", data: { expenseId, revision: 2 } },
    comment(b, "second\nline"),
  ]);
  const rows = foldComments(envelopes);
  const [ea, eb] = [envelopes.at(-3)!, envelopes.at(-1)!];
  assertEquals(rows, [
    {
      groupId: group.groupId,
      commentId: a,
      expenseId,
      memberId: owner,
      text: "first",
      at: ea.at,
      position: ea.position,
    },
    {
      groupId: group.groupId,
      commentId: b,
      expenseId,
      memberId: owner,
      text: "second\nline",
      at: eb.at,
      position: eb.position,
    },
  ]);
  assertEquals(foldComments(envelopes.slice(0, -3)), []);
});
