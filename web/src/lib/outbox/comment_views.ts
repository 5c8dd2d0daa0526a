/**
 * The comments an expense page shows: the server's (cached), then this device's queued ones
 * (`comment.add` in the outbox) as pending or refused. Pure, so it is unit-tested.
 *
 * @module
 */
import type { OutboxItem } from "../db.ts";
import type { Comment } from "../types.ts";

/** A queued comment's id: its body's (a retried command keeps it), else the command's. */
export function commentIdOf(item: OutboxItem): string {
  return String(item.body.id ?? item.id);
}

/** A comment as the page shows it: the server's, or one waiting in the outbox (or refused). */
export interface CommentView {
  id: string;
  memberId: string | null;
  authorName: string;
  text: string;
  at: string;
  state: "confirmed" | "pending" | "rejected";
  /** The outbox item of a pending or refused one. */
  item?: OutboxItem;
}

/**
 * The comments shown: the server's, then this device's queued ones for the expense (oldest
 * first); a queued one the server already has shows once, confirmed.
 */
export function commentViews(
  confirmed: readonly Comment[],
  outbox: readonly OutboxItem[],
  expenseId: string,
  me: { id: string; name: string } | undefined,
): CommentView[] {
  const seen = new Set(confirmed.map((c) => c.id));
  const views: CommentView[] = confirmed.map((c) => ({
    id: c.id,
    memberId: c.memberId,
    authorName: c.author?.name ?? "",
    text: c.text,
    at: c.at,
    state: "confirmed",
  }));
  for (const item of outbox) {
    if (item.type !== "comment.add" || item.body.expenseId !== expenseId || seen.has(commentIdOf(item))) continue;
    views.push({
      id: commentIdOf(item),
      memberId: me?.id ?? null,
      authorName: me?.name ?? "",
      text: String(item.body.text ?? ""),
      at: item.createdAt,
      state: item.status === "rejected" ? "rejected" : "pending",
      item,
    });
  }
  return views;
}
