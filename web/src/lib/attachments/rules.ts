/**
 * The rules of receipts and other attachments on the device (ADR 0056), pure
 * and without words (the service worker's uploader reads them too): the
 * bounds of a file and of the queue, which queued file may go up next (never
 * before its expense reached the server), and how an upload's failure is taken
 * (retried later or refused). What a person reads is in `words.ts`.
 *
 * @module
 */
import type { OutboxItem, QueuedAttachment } from "../db.ts";
import { ATTACHMENT_LIMITS } from "$domain/shared/attachment_limits.ts";

/** The largest file the server takes (10 MiB, `attachment.too_large` above): the domain's own bound. */
export const MAX_FILE_BYTES: number = ATTACHMENT_LIMITS.maxBytes;

/** How many files one expense may have (`attachment.limit` above). */
export const MAX_PER_EXPENSE: number = ATTACHMENT_LIMITS.perExpense;

/** How many bytes may wait on this device at once (the Blobs in IndexedDB). */
export const MAX_QUEUED_BYTES = 100 * 1024 * 1024;

/** How many files may wait on this device at once. */
export const MAX_QUEUED_FILES = 50;

/** The longest file name sent (`name=`, the server's bound); a longer one is shortened, keeping its extension. */
export const MAX_NAME_LENGTH: number = ATTACHMENT_LIMITS.name;

/** The kinds the file picker offers (`accept`); the server takes JPEG, PNG, WebP and PDF. */
export const ACCEPT = "image/*,application/pdf";

/** A name the server takes: at most {@linkcode MAX_NAME_LENGTH} characters, its extension kept. */
export function uploadName(name: string): string {
  const trimmed = name.trim() || "file";
  if (trimmed.length <= MAX_NAME_LENGTH) return trimmed;
  const dot = trimmed.lastIndexOf(".");
  const ext = dot > 0 && trimmed.length - dot <= 10 ? trimmed.slice(dot) : "";
  return trimmed.slice(0, MAX_NAME_LENGTH - ext.length - 1) + "…" + ext;
}

/**
 * Whether the expense of a queued file may be on the server: not while its
 * `expense.record` is still in the outbox (pending, or refused and not yet
 * fixed). Once the record left the outbox it was applied (or dropped: the
 * upload's 404 then says so).
 */
export function expenseSent(expenseId: string, outbox: readonly OutboxItem[]): boolean {
  return !outbox.some((i) => i.type === "expense.record" && i.id === expenseId);
}

/** The next file to upload: the oldest waiting one whose expense is on the server, or undefined. */
export function nextUpload(
  queue: readonly QueuedAttachment[],
  outbox: readonly OutboxItem[],
  skip: ReadonlySet<string> = new Set(),
): QueuedAttachment | undefined {
  return [...queue]
    .filter((q) => q.status === "waiting" && !skip.has(q.id) && expenseSent(q.expenseId, outbox))
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))[0];
}

/**
 * How an upload's error answer is taken: `retry` (the server could not take it
 * now: 429, 5xx, or a 401 the client could not refresh past; the file waits and
 * is sent again later with the same id) or `refuse` (the server will not take
 * this file: it stays, refused, until the person removes it).
 */
export function outcomeOf(status: number): "retry" | "refuse" {
  return status === 0 || status === 401 || status === 408 || status === 429 || status >= 500 ? "retry" : "refuse";
}

/** The delay before the next try after `failures` failed rounds in a row: 2 s doubling, at most a minute. */
export function backoff(failures: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, Math.min(failures - 1, 5)));
}

