/**
 * Comments on an expense: the server's list (`GET /v1/groups/{g}/expenses/{e}/comments`, oldest
 * first) kept on the device in `kv` (`comments:<e>`), so that an expense opened before shows its
 * comments offline; and a new comment, queued in the outbox (`comment.add`, its command id is the
 * comment's id) so that one written offline waits there like every other write.
 *
 * @module
 */
import { db, type OutboxItem } from "../db.ts";
import { request } from "../api/client.ts";
import { ApiError } from "../api/errors.ts";
import { enqueue } from "../outbox/outbox.ts";
import type { Comment, CommentWritten, Page } from "../types.ts";
import { TEXT_LIMITS } from "../limits.ts";
import { uuidv7 } from "../uuid.ts";
import { commentIdOf } from "../outbox/comment_views.ts";

/** The longest comment, in UTF-16 code units (the server's limit); the server trims the text first. */
export const COMMENT_MAX = TEXT_LIMITS.comment;

/** The `kv` key of an expense's cached comments. */
export function commentsKey(expenseId: string): string {
  return `comments:${expenseId}`;
}

/** The cached comments of an expense, oldest first. */
export async function cachedComments(expenseId: string): Promise<Comment[]> {
  const row = await db.kv.get(commentsKey(expenseId));
  return Array.isArray(row?.value) ? (row.value as Comment[]) : [];
}

/**
 * Reads every page of an expense's comments at `minPosition` or later and replaces the cached
 * list. An expense the server does not know (yet: still in the outbox) answers 404: nothing is
 * cached and nothing fails.
 */
export async function fetchComments(groupId: string, expenseId: string, minPosition?: number): Promise<Comment[]> {
  const items: Comment[] = [];
  let cursor: string | null = null;
  try {
    do {
      const qs: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : "?limit=100";
      const { data }: { data: Page<Comment> } = await request<Page<Comment>>(
        `/v1/groups/${groupId}/expenses/${expenseId}/comments${qs}`,
        { minPosition },
      );
      items.push(...data.items);
      cursor = data.nextCursor;
    } while (cursor);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return await cachedComments(expenseId);
    throw e;
  }
  await db.kv.put({ key: commentsKey(expenseId), value: items });
  return items;
}

/** Queues a comment (the text trimmed); its id is the command's. */
export async function addComment(groupId: string, expenseId: string, text: string): Promise<OutboxItem> {
  const id = uuidv7();
  const trimmed = text.trim();
  const short = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
  return await enqueue({ id, type: "comment.add", groupId, body: { id, expenseId, text: trimmed }, label: `Comment: ${short}` });
}

/**
 * After the server applied a queued comment: it joins the cached list at once (the next read
 * brings its author's name and replaces the list), so it never blinks out between the outbox and
 * the read.
 */
export async function cacheSentComment(item: OutboxItem, result: Record<string, unknown>): Promise<void> {
  const written = result as Partial<CommentWritten>;
  const expenseId = String(item.body.expenseId);
  const id = written.id ?? commentIdOf(item);
  const list = await cachedComments(expenseId);
  if (list.some((c) => c.id === id)) return;
  const memberId = written.memberId ?? "";
  const comment: Comment = {
    id,
    expenseId,
    memberId,
    author: { memberId, name: "" },
    text: written.text ?? String(item.body.text),
    at: written.at ?? new Date().toISOString(),
    position: written.position ?? 0,
  };
  await db.kv.put({ key: commentsKey(expenseId), value: [...list, comment] });
}
