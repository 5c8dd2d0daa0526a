/**
 * The device's queue of files waiting to be uploaded (ADR 0056): every file a
 * person adds to an expense goes here first, its Blob in IndexedDB (the Dexie
 * table `attachmentQueue`), with the attachment id the client chose; the
 * sender (`attachments/upload.ts`) takes them up one at a time, once online
 * and once the expense itself left the outbox. A file the server refused
 * stays, with the reason, until the person removes it: nothing is dropped
 * silently.
 *
 * Queueing fires the outbox's change event, so the same scheduler that sends
 * the outbox runs the sender soon.
 *
 * @module
 */
import { db, type QueuedAttachment } from "../db.ts";
import { OUTBOX_EVENT } from "../outbox/outbox.ts";
import { uuidv7 } from "../uuid.ts";
import { cachedAttachments } from "../data/attachments.ts";
import { uploadName } from "./rules.ts";
import { checkFile, checkRoom, type QueueUse } from "./words.ts";

/** What queueing some files did: the queued ones, and a message for each one left out. */
export interface QueueOutcome {
  queued: QueuedAttachment[];
  refused: string[];
}

function changed(): void {
  globalThis.dispatchEvent?.(new Event(OUTBOX_EVENT));
}

/** How much waits on the device now (refused files included: they keep their bytes until removed). */
export async function queueUse(): Promise<QueueUse> {
  let files = 0;
  let bytes = 0;
  await db.attachmentQueue.each((q) => {
    files++;
    bytes += q.size;
  });
  return { files, bytes };
}

/**
 * Queues files for an expense, in the order given. A file that is empty, too
 * large or not a photo or a PDF (as the browser says), or that does not fit
 * in the queue's bounds, is left out with a message; the others are queued.
 */
export async function queueFiles(groupId: string, expenseId: string, files: readonly File[]): Promise<QueueOutcome> {
  const outcome: QueueOutcome = { queued: [], refused: [] };
  const stored = (await cachedAttachments(expenseId)).length;
  await db.transaction("rw", db.attachmentQueue, async () => {
    const use = await queueUse();
    let onExpense = stored + (await db.attachmentQueue.where("expenseId").equals(expenseId).count());
    for (const file of files) {
      const why = checkFile(file) ?? checkRoom(use, file, onExpense);
      if (why) {
        outcome.refused.push(why);
        continue;
      }
      const item: QueuedAttachment = {
        id: uuidv7(),
        groupId,
        expenseId,
        name: uploadName(file.name),
        type: file.type,
        size: file.size,
        // The File itself is a Blob; stored, it is copied into the database.
        blob: file,
        status: "waiting",
        attempts: 0,
        addedAt: new Date().toISOString(),
      };
      item.seq = await db.attachmentQueue.add(item);
      use.files++;
      use.bytes += file.size;
      onExpense++;
      outcome.queued.push(item);
    }
  });
  if (outcome.queued.length > 0) changed();
  return outcome;
}

/** The files of an expense that wait on this device (or were refused), oldest first. */
export async function queuedFor(expenseId: string): Promise<QueuedAttachment[]> {
  return await db.attachmentQueue.where("expenseId").equals(expenseId).sortBy("seq");
}

/** Removes a file from the queue (a refused one, or one the person no longer wants to send). */
export async function removeQueued(id: string): Promise<void> {
  await db.attachmentQueue.where("id").equals(id).delete();
}

/** Sends a refused file again (after the person made room, say): it waits once more, same id. */
export async function retryQueued(id: string): Promise<void> {
  await db.attachmentQueue.where("id").equals(id).modify({ status: "waiting", problem: undefined });
  changed();
}
