/**
 * The attachment reads of the query API (ADR 0055): an expense's list, and
 * a short-lived signed URL of a file or its thumbnail (presigned by the S3
 * store, or a `/v1/files/{token}` URL of the PostgreSQL store). Members of
 * the group only (others: 404); a voided expense shows no attachments.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { type AttachmentView, getAttachment, getEntry, listAttachments } from "@kopek/projector";
import { problem, ProblemError } from "@kopek/platform";
import type { QueryApiDeps } from "../deps.ts";
import { isUuid, notFound, parseQuery, requireGroupRole } from "../_http.ts";

/** How long a signed URL works. */
export const SIGNED_URL_SECONDS = 300;

/** An attachment as the API shows it (the contract's `Attachment`). */
export function attachmentJson(row: AttachmentView) {
  return {
    id: row.id,
    expenseId: row.expenseId,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    hasThumbnail: row.thumbnailKey !== null,
    addedBy: row.memberId,
    addedAt: row.at,
  };
}

function unavailable(): ProblemError {
  return new ProblemError(
    problem(503, "attachments are not available on this server", { code: "unavailable" }),
    { "Retry-After": "60" },
  );
}

/** Mounts the attachment reads (bearer auth in front). */
export function attachmentRoutes(deps: QueryApiDeps) {
  const now = deps.now ?? (() => new Date());
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/expenses/:expenseId/attachments", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      const expenseId = c.req.param("expenseId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const entry = isUuid(expenseId) ? await getEntry(deps.sql, groupId, expenseId) : null;
      if (!entry || entry.kind !== "expense") throw notFound("expense");
      const rows = await listAttachments(deps.sql, groupId, expenseId);
      c.header("Cache-Control", "private, no-cache");
      return c.json({ items: rows.map(attachmentJson) });
    });

    app.get("/v1/groups/:groupId/attachments/:attachmentId/url", async (c) => {
      const query = parseQuery(c, { variant: z.enum(["original", "thumbnail"]).optional() });
      const groupId = c.req.param("groupId").toLowerCase();
      const attachmentId = c.req.param("attachmentId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const row = isUuid(attachmentId)
        ? await getAttachment(deps.sql, groupId, attachmentId)
        : null;
      if (!row) throw notFound("attachment");
      const thumbnail = query.variant === "thumbnail";
      if (thumbnail && row.thumbnailKey === null) throw notFound("thumbnail");
      const key = thumbnail ? row.thumbnailKey! : row.key;
      const contentType = thumbnail ? row.thumbnailType! : row.contentType;
      // Images are shown; a PDF is downloaded (never rendered in Kopek's origin).
      const disposition = contentType.startsWith("image/") ? "inline" : "attachment";
      const fileName = thumbnail ? `${row.name}.thumbnail.webp` : row.name;
      const expiresAt = new Date(now().getTime() + SIGNED_URL_SECONDS * 1000);
      if (!deps.blobs) throw unavailable();
      let url = await deps.blobs.signedUrl(key, {
        expiresInSeconds: SIGNED_URL_SECONDS,
        fileName,
        disposition,
      });
      if (url === null) {
        if (!deps.fileTokens) throw unavailable();
        const token = await deps.fileTokens.sign(
          { key, contentType, fileName, disposition },
          expiresAt,
        );
        url = `/v1/files/${token}`;
      }
      c.header("Cache-Control", "no-store");
      return c.json({ url, expiresAt: expiresAt.toISOString() });
    });
  };
}
