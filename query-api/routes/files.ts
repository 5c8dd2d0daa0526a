/**
 * `GET /v1/files/{token}`: the file of a signed URL of the PostgreSQL store
 * (ADR 0055), without the bearer token (the token is the permission, for
 * `<img src>` and download links). Refused when the token is expired or not
 * Kopek's (403); streamed from the store with `nosniff`, the signed
 * disposition, and a cache lifetime no longer than the token's.
 *
 * @module
 */
import type { Hono } from "hono";
import { problem, ProblemError } from "@kopek/platform";
import { contentDisposition } from "@kopek/platform/blobs";
import type { QueryApiDeps } from "../deps.ts";
import { notFound } from "../_http.ts";

/** Mounts the files route (before bearer auth). */
export function fileRoutes(deps: QueryApiDeps) {
  const now = deps.now ?? (() => new Date());
  return (app: Hono) => {
    app.get("/v1/files/:token", async (c) => {
      const verified = deps.fileTokens ? await deps.fileTokens.verify(c.req.param("token")) : null;
      if (!verified) {
        throw new ProblemError(
          problem(403, "this link has expired or is not valid", { code: "forbidden" }),
        );
      }
      const file = deps.blobs ? await deps.blobs.get(verified.grant.key) : null;
      if (!file) throw notFound("file");
      const left = Math.max(0, verified.exp - Math.floor(now().getTime() / 1000));
      return c.body(file.body, 200, {
        "content-type": verified.grant.contentType,
        "content-length": String(file.info.size),
        "content-disposition": contentDisposition(
          verified.grant.disposition,
          verified.grant.fileName,
        ),
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cache-control": `private, max-age=${left}`,
      });
    });
  };
}
