/**
 * Sends the device's queued files (ADR 0056): one at a time, oldest first,
 * each as `PUT /v1/groups/{g}/expenses/{e}/attachments/{a}` with the id chosen
 * when it was queued, so a retry after a lost answer is answered 200 with the
 * same attachment instead of storing it twice. A file waits while its
 * expense's `expense.record` is still in the outbox.
 *
 * Per answer: 200/201 → the attachment joins the expense's cached list and the
 * file leaves the queue; offline, 401 after a failed refresh, 408, 429 and 5xx
 * → the round stops and the file waits for the next round (the scheduler's
 * backoff); any other refusal → the file stays, `refused`, with the problem,
 * until the person removes it, and the round goes on with the next file.
 *
 * Runs in pages (after each outbox round, `attachments/scheduler.ts`) and in
 * the service worker's Background Sync; the Web Lock `kopek-attachments` lets
 * one context send at a time.
 *
 * @module
 */
import { db, type QueuedAttachment } from "../db.ts";
import { request, sawWrite } from "../api/client.ts";
import { ApiError, NetworkError } from "../api/errors.ts";
import { cacheAttachment } from "../data/attachments.ts";
import type { Attachment } from "../types.ts";
import { nextUpload, outcomeOf } from "./rules.ts";

/** How long the scheduler waits after `failures` failed rounds (it loads this module lazily). */
export { backoff } from "./rules.ts";

/** The lock (and the channel) of the sender. */
export const UPLOAD_LOCK = "kopek-attachments";

/** What one round did. */
export interface UploadReport {
  uploaded: number;
  refused: number;
  /** Why the round stopped early (offline, the server busy), if it did: the files wait. */
  error?: string;
  offline?: boolean;
  /** Files that still wait for their expense to leave the outbox. */
  blocked: number;
}

/** Runs `f` while holding the lock, or returns null when another context holds it. */
async function exclusive<T>(f: () => Promise<T>): Promise<T | null> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return f();
  return await locks.request(UPLOAD_LOCK, { ifAvailable: true }, (lock) => (lock ? f() : null)) as T | null;
}

/** The upload's path: the id chosen on the device, the file's name as a query parameter. */
export function uploadPath(q: Pick<QueuedAttachment, "groupId" | "expenseId" | "id" | "name">): string {
  return `/v1/groups/${q.groupId}/expenses/${q.expenseId}/attachments/${q.id}?name=${encodeURIComponent(q.name)}`;
}

/** Uploads one file; the server's attachment, or throws as {@linkcode request}. */
async function put(q: QueuedAttachment): Promise<Attachment> {
  const res = await request<Attachment>(uploadPath(q), {
    method: "PUT",
    raw: { body: q.blob, type: q.type || "application/octet-stream" },
  });
  // Reads from now on wait until the read side has it (the list never loses it for a moment).
  if (res.position !== null) await sawWrite(res.position);
  return res.data;
}

/**
 * Sends every queued file that may go now. Returns null when another tab or
 * the service worker is sending already. `onUploading` hears the id of the file
 * on its way (null when the round ends), for the page to say so.
 */
export async function uploadQueued(onUploading?: (id: string | null) => void): Promise<UploadReport | null> {
  return await exclusive(async () => {
    const report: UploadReport = { uploaded: 0, refused: 0, blocked: 0 };
    const done = new Set<string>();
    try {
      for (;;) {
        const [queue, outbox] = await Promise.all([
          db.attachmentQueue.where("status").equals("waiting").toArray(),
          db.outbox.toArray(),
        ]);
        const q = nextUpload(queue, outbox, done);
        if (!q) {
          report.blocked = queue.filter((x) => !done.has(x.id)).length;
          break;
        }
        done.add(q.id);
        onUploading?.(q.id);
        await db.attachmentQueue.update(q.seq!, { attempts: q.attempts + 1 });
        try {
          const attachment = await put(q);
          await cacheAttachment(attachment);
          await db.attachmentQueue.delete(q.seq!);
          report.uploaded++;
        } catch (e) {
          if (e instanceof ApiError && outcomeOf(e.status) === "refuse") {
            await db.attachmentQueue.update(q.seq!, { status: "refused", problem: e.problem });
            report.refused++;
            continue;
          }
          throw e;
        }
      }
    } catch (e) {
      report.error = e instanceof Error ? e.message : String(e);
      report.offline = e instanceof NetworkError;
      if (!(e instanceof NetworkError) && !(e instanceof ApiError)) throw e;
    } finally {
      onUploading?.(null);
    }
    return report;
  });
}
