/** The comments an expense page shows: the server's, then the queued ones, each once. */
import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../db.ts";
import type { Comment } from "../types.ts";
import { commentViews } from "./comment_views.ts";

const comment = (id: string, text: string): Comment => ({
  id,
  expenseId: "e1",
  memberId: "m1",
  author: { memberId: "m1", name: "Ana" },
  text,
  at: "2026-12-05T10:00:00Z",
  position: 3,
});

const queued = (id: string, expenseId: string, text: string, extra: Partial<OutboxItem> = {}): OutboxItem => ({
  seq: 1,
  id,
  type: "comment.add",
  groupId: "g",
  body: { id, expenseId, text },
  status: "pending",
  attempts: 0,
  label: `Comment: ${text}`,
  createdAt: "2026-12-05T11:00:00Z",
  ...extra,
});

const me = { id: "m2", name: "Ben" };

describe("commentViews", () => {
  it("lists the server's comments, then this expense's queued ones as pending or refused", () => {
    const views = commentViews(
      [comment("c1", "first")],
      [
        queued("c2", "e1", "waiting"),
        queued("c3", "e2", "another expense"),
        queued("c4", "e1", "refused", { status: "rejected", problem: { status: 422, detail: "text is too long" } }),
        { ...queued("x", "e1", "not a comment"), type: "expense.void" },
      ],
      "e1",
      me,
    );
    expect(views.map((v) => [v.id, v.text, v.state, v.authorName])).toEqual([
      ["c1", "first", "confirmed", "Ana"],
      ["c2", "waiting", "pending", "Ben"],
      ["c4", "refused", "rejected", "Ben"],
    ]);
    expect(views[2].item?.problem?.detail).toBe("text is too long");
  });

  it("shows a sent comment once, confirmed, when the server's list has it already", () => {
    const views = commentViews([comment("c2", "waiting")], [queued("c2", "e1", "waiting")], "e1", me);
    expect(views.map((v) => [v.id, v.state])).toEqual([["c2", "confirmed"]]);
  });

  it("knows a retried comment by its body's id", () => {
    const retried = { ...queued("c9", "e1", "again"), id: "cmd-new" };
    const views = commentViews([comment("c9", "again")], [retried], "e1", me);
    expect(views.map((v) => v.state)).toEqual(["confirmed"]);
  });
});
