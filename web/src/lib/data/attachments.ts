/**
 * An expense's attachments on the server (ADR 0056): the list
 * (`GET /v1/groups/{g}/expenses/{e}/attachments`) kept on the device in `kv`
 * (`attachments:<e>`), so an expense opened before lists its files offline;
 * the short-lived signed URLs of a file and its thumbnail (`GET
 * /v1/groups/{g}/attachments/{a}/url`), which work without the bearer token
 * (an `<img src>`, a download link); and removing a file (`DELETE`, online
 * only). Uploads go through the device's queue (`attachments/queue.ts`).
 *
 * @module
 */
import { db } from "../db.ts";
import { request, sawWrite } from "../api/client.ts";
import { ApiError } from "../api/errors.ts";
import type { Attachment, AttachmentList, AttachmentUrl } from "../types.ts";

/** The `kv` key of an expense's cached attachments. */
export function attachmentsKey(expenseId: string): string {
  return `attachments:${expenseId}`;
}

/** The cached attachments of an expense, oldest first. */
export async function cachedAttachments(expenseId: string): Promise<Attachment[]> {
  const row = await db.kv.get(attachmentsKey(expenseId));
  return Array.isArray(row?.value) ? (row.value as Attachment[]) : [];
}

/** Oldest first, then by id (a stable order whatever the server's). */
function ordered(items: readonly Attachment[]): Attachment[] {
  return [...items].sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}

/**
 * Reads an expense's attachments at `minPosition` or later and replaces the
 * cached list. An expense the server does not know (yet: still in the outbox)
 * answers 404: the cached list stays and nothing fails.
 */
export async function fetchAttachments(groupId: string, expenseId: string, minPosition?: number): Promise<Attachment[]> {
  let items: Attachment[];
  try {
    const { data } = await request<AttachmentList>(
      `/v1/groups/${groupId}/expenses/${expenseId}/attachments`,
      { minPosition },
    );
    items = ordered(data.items);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return await cachedAttachments(expenseId);
    throw e;
  }
  await db.kv.put({ key: attachmentsKey(expenseId), value: items });
  return items;
}

/** Puts an attachment the server just stored into the cached list (until the next read brings it). */
export async function cacheAttachment(a: Attachment): Promise<void> {
  await db.transaction("rw", db.kv, async () => {
    const list = await cachedAttachments(a.expenseId);
    const next = ordered([...list.filter((x) => x.id !== a.id), a]);
    await db.kv.put({ key: attachmentsKey(a.expenseId), value: next });
  });
}

/** Which file a signed URL gives: the stored original or its thumbnail. */
export type Variant = "original" | "thumbnail";

/** A signed URL and when it stops working. */
export type SignedUrl = AttachmentUrl;

/** A short-lived URL of an attachment's original or thumbnail (members only). */
export async function attachmentUrl(groupId: string, attachmentId: string, variant: Variant): Promise<SignedUrl> {
  const { data } = await request<SignedUrl>(
    `/v1/groups/${groupId}/attachments/${attachmentId}/url?variant=${variant}`,
  );
  return data;
}

/** Removes an attachment on the server, then from the cached list. */
export async function deleteAttachment(groupId: string, expenseId: string, attachmentId: string): Promise<void> {
  try {
    const res = await request<unknown>(`/v1/groups/${groupId}/expenses/${expenseId}/attachments/${attachmentId}`, {
      method: "DELETE",
    });
    // Reads from now on wait until the read side has the removal.
    if (res.position !== null) await sawWrite(res.position);
  } catch (e) {
    // Already gone (another member removed it): the same outcome.
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  await db.transaction("rw", db.kv, async () => {
    const list = await cachedAttachments(expenseId);
    await db.kv.put({ key: attachmentsKey(expenseId), value: list.filter((x) => x.id !== attachmentId) });
  });
}
