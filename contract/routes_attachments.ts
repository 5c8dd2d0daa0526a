/**
 * The route table's attachment routes (receipts, ADR 0055): upload and
 * remove (command-api), list, signed URL, the file behind a signed URL and
 * the archive export (query-api).
 *
 * @module
 */
import { read, type Route, write } from "./route.ts";

/** Attachments of expenses. */
export const ATTACHMENT_ROUTES: readonly Route[] = [
  write("put", "/v1/groups/{g}/expenses/{e}/attachments/{a}", {
    summary: "Attach a file (JPEG, PNG, WebP or PDF, at most 10 MiB; the raw bytes as the body) " +
      "to an expense; {a} is the client's id: a retry of the same upload answers 200",
    consumes: [
      "image/jpeg",
      "image/png",
      "image/webp",
      "application/pdf",
      "application/octet-stream",
    ],
    query: ["name"],
    ok: 201,
    alsoOk: [200],
    response: "Attachment",
    problems: [
      "validation",
      "forbidden",
      "duplicate_id",
      "expense.voided",
      "attachment.exists",
      "attachment.limit",
      "attachment.too_large",
      "attachment.unsupported_type",
      "attachment.image_too_large",
      "unavailable",
    ],
  }),
  write("delete", "/v1/groups/{g}/expenses/{e}/attachments/{a}", {
    summary: "Remove an attachment from its expense (its bytes are deleted)",
    ok: 204,
    response: null,
    problems: ["forbidden"],
  }),
  read("/v1/groups/{g}/expenses/{e}/attachments", {
    summary: "The attachments of an expense, oldest first (members)",
    response: "AttachmentList",
  }),
  read("/v1/groups/{g}/attachments/{a}/url", {
    summary: "A signed URL (5 minutes) that serves an attachment without the bearer token",
    response: "AttachmentUrl",
    query: ["variant"],
    problems: ["unavailable"],
  }),
  read("/v1/files/{token}", {
    summary: "The file of a signed URL of the PostgreSQL store (no bearer token: the token is it)",
    auth: "none",
    response: null,
    produces: "application/octet-stream",
    responseHeaders: ["Content-Disposition", "Cache-Control"],
    problems: ["forbidden"],
  }),
  read("/v1/groups/{g}/export.tar", {
    summary:
      "An archive of the group's SQL export and its attachments' files (owners and auditors)",
    response: null,
    produces: "application/x-tar",
    responseHeaders: ["Content-Disposition"],
    problems: ["forbidden"],
  }),
];
