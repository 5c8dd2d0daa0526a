/**
 * What a person reads about receipts and other attachments (ADR 0056): sizes, why a file is not
 * queued (its size, the kind the browser says it is, the bounds of the expense and of the device's
 * queue; the server checks the bytes and is the authority), why a queued file waits, and the
 * server's refusals by their stable problem codes, through the catalogues (ADR 0058).
 *
 * @module
 */
import type { OutboxItem, QueuedAttachment } from "../db.ts";
import type { Problem } from "../types.ts";
import { describeProblem } from "../api/errors.ts";
import { getLocale, m } from "../i18n/mod.ts";
import { MAX_FILE_BYTES, MAX_PER_EXPENSE, MAX_QUEUED_BYTES, MAX_QUEUED_FILES } from "./rules.ts";

/** A size for people: "9.8 MB", "640 KB" (binary units, named as people know them). */
export function formatSize(bytes: number): string {
  const kb = bytes / 1024;
  if (kb < 1000) {
    return new Intl.NumberFormat(getLocale(), { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 })
      .format(Math.max(1, Math.round(kb)));
  }
  return new Intl.NumberFormat(getLocale(), { style: "unit", unit: "megabyte", maximumFractionDigits: 1 })
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
  const name = f.name;
  if (f.size === 0) return m.attachments_file_empty({ name });
  if (f.size > MAX_FILE_BYTES) {
    const size = formatSize(f.size);
    const max = formatSize(MAX_FILE_BYTES);
    // Just over the limit reads "over 10 MB", never "10 MB; at most 10 MB".
    return size === max ? m.attachments_file_over_limit({ name, max }) : m.attachments_file_too_large({ name, size, max });
  }
  // The browser's claim only (the server reads the bytes): it leaves out what the picker did not offer.
  if (f.type !== "" && !f.type.startsWith("image/") && f.type !== "application/pdf") {
    return m.attachments_file_not_supported({ name });
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
  const name = f.name;
  if (onExpense + 1 > MAX_PER_EXPENSE) return m.attachments_expense_full({ name, max: MAX_PER_EXPENSE });
  if (use.files + 1 > MAX_QUEUED_FILES) return m.attachments_queue_full_files({ name, max: MAX_QUEUED_FILES });
  if (use.bytes + f.size > MAX_QUEUED_BYTES) {
    return m.attachments_queue_full_bytes({ name, max: formatSize(MAX_QUEUED_BYTES), used: formatSize(use.bytes) });
  }
  return null;
}

/**
 * The catalogue's sentence for a problem code (`messages/errors`, ADR 0058: code `a.b_c` → key
 * `errors_a_b_c`), or undefined when the catalogue has none.
 */
function codeText(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const key = `errors_${code.replace(/[.-]/g, "_")}`;
  const f = (m as unknown as Record<string, (() => string) | undefined>)[key];
  return typeof f === "function" ? f() : undefined;
}

/**
 * What a person reads for the server's refusal of a file: by its stable problem code, through the
 * catalogue of problem messages, with this feature's words for the general codes that mean
 * something particular here (a voided expense, an expense the server does not know, a viewer).
 */
export function attachmentProblemText(p: Problem): string {
  const code = p.code ?? p.type?.split("/").pop();
  if (code === "expense.voided") return m.attachments_problem_expense_voided();
  const known = code?.startsWith("attachment.") ? codeText(code) : undefined;
  if (known) return known;
  if (p.status === 404) return m.attachments_problem_not_found();
  if (p.status === 403) return m.attachments_problem_forbidden();
  return codeText(code) ?? describeProblem(p);
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
    return { state: "refused", text: q.problem ? attachmentProblemText(q.problem) : m.attachments_status_refused() };
  }
  if (uploading === q.id) return { state: "uploading", text: m.attachments_status_uploading() };
  const record = outbox.find((i) => i.type === "expense.record" && i.id === q.expenseId);
  if (record?.status === "rejected") {
    return { state: "waiting", text: m.attachments_status_expense_refused() };
  }
  if (record) return { state: "waiting", text: m.attachments_status_waiting_expense() };
  return { state: "waiting", text: online ? m.attachments_status_waiting() : m.attachments_status_waiting_offline() };
}

/** The toast after a round in which the server refused `count` files. */
export function refusedToast(count: number): string {
  return m.attachments_refused_toast({ count });
}
