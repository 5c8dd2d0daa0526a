/**
 * The rules of receipts and other attachments on the device (ADR 0056), pure:
 * what a file must be before it is queued (its size and the kind the browser
 * says it is; the server checks the bytes and is the authority), how much may
 * wait on the device, which queued file may go up next (never before its
 * expense reached the server), how an upload's failure is taken (retried later
 * or refused), and the words for the server's problem codes.
 *
 * @module
 */
import type { OutboxItem, QueuedAttachment } from "../db.ts";
import type { Problem } from "../types.ts";
import { describeProblem } from "../api/errors.ts";
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

function locale(): string | undefined {
  return globalThis.navigator?.language || undefined;
}

/** A size for people: "9.8 MB", "640 KB" (binary units, named as people know them). */
export function formatSize(bytes: number): string {
  const kb = bytes / 1024;
  if (kb < 1000) {
    return new Intl.NumberFormat(locale(), { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 })
      .format(Math.max(1, Math.round(kb)));
  }
  return new Intl.NumberFormat(locale(), { style: "unit", unit: "megabyte", maximumFractionDigits: 1 })
    .format(Math.floor((bytes / 1024 / 1024) * 10) / 10);
}

/** What the picker gave: a file's name, size and the browser's media type ("" when it does not know). */
export interface ChosenFile {
  name: string;
  size: number;
  type: string;
}

/** Why a file is not queued, or null when it may be. */
export function checkFile(f: ChosenFile): string | null {
  if (f.size === 0) return `“${f.name}” is empty.`;
  if (f.size > MAX_FILE_BYTES) {
    const size = formatSize(f.size);
    const is = size === formatSize(MAX_FILE_BYTES) ? `is over ${size}` : `is ${size}`;
    return `“${f.name}” ${is}; a file can be at most ${formatSize(MAX_FILE_BYTES)}. ` +
      "Take a smaller photo or save the PDF smaller.";
  }
  // The browser's claim only (the server reads the bytes): it leaves out what the picker did not offer.
  if (f.type !== "" && !f.type.startsWith("image/") && f.type !== "application/pdf") {
    return `“${f.name}” is not a photo or a PDF.`;
  }
  return null;
}

/** What already waits on the device. */
export interface QueueUse {
  files: number;
  bytes: number;
}

/**
 * Why a file does not fit beside what waits already on the device (`use`) and
 * what the expense has (`onExpense`: on the server and queued for it), or null
 * when it does.
 */
export function checkRoom(use: QueueUse, f: ChosenFile, onExpense = 0): string | null {
  if (onExpense + 1 > MAX_PER_EXPENSE) {
    return `An expense can have ${MAX_PER_EXPENSE} files at most; remove one to add “${f.name}”.`;
  }
  if (use.files + 1 > MAX_QUEUED_FILES) {
    return `${MAX_QUEUED_FILES} files are already waiting to upload on this device; “${f.name}” can be added once some have uploaded.`;
  }
  if (use.bytes + f.size > MAX_QUEUED_BYTES) {
    return `Files waiting to upload on this device may take ${formatSize(MAX_QUEUED_BYTES)} at most ` +
      `(${formatSize(use.bytes)} wait now); “${f.name}” can be added once some have uploaded.`;
  }
  return null;
}

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

/** What a person reads for the server's refusal of a file (by its stable problem code). */
export function attachmentProblemText(p: Problem): string {
  const code = p.code ?? p.type?.split("/").pop();
  switch (code) {
    case "attachment.too_large":
      return `The file is larger than ${formatSize(MAX_FILE_BYTES)}, the most a file can be.`;
    case "attachment.unsupported_type":
      return "The server cannot read this file as a photo (JPEG, PNG or WebP) or a PDF, whatever its name says.";
    case "attachment.image_too_large":
      return "This image has too many pixels to be processed. Send a smaller photo or a screenshot of it.";
    case "attachment.exists":
      return "A different file with the same id is already on the server. Remove this one and add the file again.";
    case "expense.voided":
      return "The expense was voided, so files can no longer be added to it.";
    case "attachment.limit":
      return "This expense (or the group) cannot take more attachments. Remove one first.";
  }
  if (p.status === 404) return "The expense is not on the server (it was refused or removed), so this file cannot be added to it.";
  if (p.status === 403) return "You cannot add files to this group's expenses (viewers cannot).";
  return describeProblem(p);
}

/** How a queued file is shown: its state (`data-state`) and the sentence beside it. */
export interface QueuedView {
  state: "waiting" | "uploading" | "refused";
  text: string;
}

/** What a person reads beside a file that is not on the server yet. */
export function queuedView(
  q: QueuedAttachment,
  outbox: readonly OutboxItem[],
  online: boolean,
  uploading: string | null,
): QueuedView {
  if (q.status === "refused") {
    return { state: "refused", text: q.problem ? attachmentProblemText(q.problem) : "The server refused this file." };
  }
  if (uploading === q.id) return { state: "uploading", text: "Uploading…" };
  const record = outbox.find((i) => i.type === "expense.record" && i.id === q.expenseId);
  if (record?.status === "rejected") {
    return { state: "waiting", text: "Not uploaded: the server refused the expense itself (see the outbox)." };
  }
  if (record) return { state: "waiting", text: "Waiting to upload: it goes up once the expense is saved on the server." };
  return { state: "waiting", text: online ? "Waiting to upload." : "Waiting to upload: it goes up once you are online." };
}
