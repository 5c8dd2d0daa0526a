/**
 * The device's rules for receipts: what may be queued, how much may wait, which file goes up
 * next (never before its expense left the outbox), how a failure is taken, and the words shown.
 */
import { describe, expect, it } from "vitest";
import type { OutboxItem, QueuedAttachment } from "../db.ts";
import {
  backoff,
  expenseSent,
  MAX_FILE_BYTES,
  MAX_NAME_LENGTH,
  MAX_PER_EXPENSE,
  MAX_QUEUED_BYTES,
  MAX_QUEUED_FILES,
  nextUpload,
  outcomeOf,
  uploadName,
} from "./rules.ts";
import { attachmentProblemText, checkFile, checkRoom, queuedView } from "./words.ts";

const MiB = 1024 * 1024;

const queued = (id: string, expenseId: string, seq: number, extra: Partial<QueuedAttachment> = {}): QueuedAttachment => ({
  seq,
  id,
  groupId: "g",
  expenseId,
  name: `${id}.jpg`,
  type: "image/jpeg",
  size: 1000,
  blob: new Blob([new Uint8Array(1000)], { type: "image/jpeg" }),
  status: "waiting",
  attempts: 0,
  addedAt: "2026-12-06T01:00:00Z",
  ...extra,
});

const record = (expenseId: string, status: OutboxItem["status"] = "pending"): OutboxItem => ({
  seq: 1,
  id: expenseId,
  type: "expense.record",
  groupId: "g",
  body: {},
  status,
  attempts: 0,
  label: "Dinner",
  createdAt: "2026-12-06T01:00:00Z",
});

describe("checkFile", () => {
  it("takes photos and PDFs up to 10 MiB, and files the browser cannot name", () => {
    expect(checkFile({ name: "r.jpg", size: MAX_FILE_BYTES, type: "image/jpeg" })).toBeNull();
    expect(checkFile({ name: "r.pdf", size: 1, type: "application/pdf" })).toBeNull();
    expect(checkFile({ name: "r.heic", size: 1, type: "image/heic" })).toBeNull(); // the server decides
    expect(checkFile({ name: "scan", size: 1, type: "" })).toBeNull();
  });
  it("says the size and the limit of a file over 10 MiB", () => {
    const why = checkFile({ name: "big.jpg", size: MAX_FILE_BYTES + 1, type: "image/jpeg" });
    expect(why).toContain("“big.jpg” is over 10 MB");
    expect(why).toContain("at most 10 MB");
    expect(checkFile({ name: "huge.pdf", size: 25 * MiB + 300_000, type: "application/pdf" })).toContain("25.2 MB");
  });
  it("leaves out empty files and what is neither a photo nor a PDF", () => {
    expect(checkFile({ name: "e.jpg", size: 0, type: "image/jpeg" })).toBe("“e.jpg” is empty.");
    expect(checkFile({ name: "notes.txt", size: 5, type: "text/plain" })).toBe("“notes.txt” is not a photo or a PDF.");
  });
});

describe("checkRoom", () => {
  it("bounds what waits on the device, in files and in bytes", () => {
    const f = { name: "r.jpg", size: 5 * MiB, type: "image/jpeg" };
    expect(checkRoom({ files: 0, bytes: 0 }, f)).toBeNull();
    expect(checkRoom({ files: MAX_QUEUED_FILES - 1, bytes: 0 }, f)).toBeNull();
    expect(checkRoom({ files: MAX_QUEUED_FILES, bytes: 0 }, f)).toContain(`${MAX_QUEUED_FILES} files are already waiting`);
    expect(checkRoom({ files: 3, bytes: MAX_QUEUED_BYTES - 5 * MiB }, f)).toBeNull();
    const why = checkRoom({ files: 3, bytes: MAX_QUEUED_BYTES - 5 * MiB + 1 }, f);
    expect(why).toContain("100 MB at most");
    expect(why).toContain("“r.jpg” can be added once some have uploaded");
  });
  it("bounds the files of one expense as the server does (10)", () => {
    const f = { name: "r.jpg", size: 1, type: "image/jpeg" };
    expect(MAX_PER_EXPENSE).toBe(10);
    expect(checkRoom({ files: 0, bytes: 0 }, f, 9)).toBeNull();
    expect(checkRoom({ files: 0, bytes: 0 }, f, 10)).toBe("An expense can have 10 files at most; remove one to add “r.jpg”.");
  });
});

describe("uploadName", () => {
  it("keeps a name that fits and shortens a long one, keeping its extension", () => {
    expect(uploadName(" Receipt 12.pdf ")).toBe("Receipt 12.pdf");
    expect(uploadName("")).toBe("file");
    const long = uploadName(`${"a".repeat(300)}.jpeg`);
    expect(long.length).toBe(MAX_NAME_LENGTH);
    expect(long.endsWith("….jpeg")).toBe(true);
  });
});

describe("nextUpload", () => {
  it("takes the oldest waiting file whose expense left the outbox", () => {
    const queue = [queued("b", "e2", 2), queued("a", "e1", 1), queued("c", "e3", 3)];
    expect(nextUpload(queue, [])?.id).toBe("a");
    // e1 is still only in the outbox (pending or refused): its file waits, the next one goes.
    expect(nextUpload(queue, [record("e1")])?.id).toBe("b");
    expect(nextUpload(queue, [record("e1", "rejected")])?.id).toBe("b");
    expect(expenseSent("e1", [record("e1")])).toBe(false);
    expect(expenseSent("e1", [{ ...record("x"), type: "expense.amend", body: { expenseId: "e1" } }])).toBe(true);
  });
  it("skips refused files and those tried in this round", () => {
    const queue = [queued("a", "e1", 1, { status: "refused" }), queued("b", "e1", 2), queued("c", "e1", 3)];
    expect(nextUpload(queue, [])?.id).toBe("b");
    expect(nextUpload(queue, [], new Set(["b"]))?.id).toBe("c");
    expect(nextUpload(queue, [], new Set(["b", "c"]))).toBeUndefined();
  });
});

describe("outcomeOf and backoff", () => {
  it("retries what may pass (offline, busy, a token to refresh) and refuses the rest", () => {
    for (const s of [0, 401, 408, 429, 500, 502, 503]) expect(outcomeOf(s)).toBe("retry");
    for (const s of [400, 403, 404, 409, 413, 415, 422]) expect(outcomeOf(s)).toBe("refuse");
  });
  it("waits 2 s, doubling, at most a minute", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoff)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });
});

describe("attachmentProblemText", () => {
  it("says what each of the server's codes means", () => {
    expect(attachmentProblemText({ status: 413, code: "attachment.too_large", detail: "x" })).toContain("larger than 10 MB");
    expect(attachmentProblemText({ status: 415, code: "attachment.unsupported_type" })).toContain("photo (JPEG, PNG or WebP) or a PDF");
    expect(attachmentProblemText({ status: 422, type: "https://kopek.dev/problems/attachment.image_too_large" }))
      .toContain("too many pixels");
    expect(attachmentProblemText({ status: 409, code: "attachment.limit" })).toContain("cannot take more attachments");
    expect(attachmentProblemText({ status: 409, code: "expense.voided" })).toContain("voided");
    expect(attachmentProblemText({ status: 404, code: "not_found" })).toContain("not on the server");
    expect(attachmentProblemText({ status: 403, code: "forbidden" })).toContain("viewers cannot");
    expect(attachmentProblemText({ status: 400, detail: "name is too long" })).toBe("Name is too long");
  });
});

describe("queuedView", () => {
  it("says why a file waits, that it is on its way, or why the server refused it", () => {
    const q = queued("a", "e1", 1);
    expect(queuedView(q, [], true, null)).toEqual({ state: "waiting", text: "Waiting to upload." });
    expect(queuedView(q, [], false, null).text).toContain("once you are online");
    expect(queuedView(q, [record("e1")], true, null).text).toContain("once the expense is saved on the server");
    expect(queuedView(q, [record("e1", "rejected")], true, null).text).toContain("refused the expense itself");
    expect(queuedView(q, [], true, "a")).toEqual({ state: "uploading", text: "Uploading…" });
    const refused = queued("a", "e1", 1, { status: "refused", problem: { status: 415, code: "attachment.unsupported_type" } });
    expect(queuedView(refused, [], true, null).state).toBe("refused");
    expect(queuedView(refused, [], true, null).text).toContain("cannot read this file");
  });
});
