/**
 * `POST /v1/imports`: a SQL export (`application/sql`) or a spreadsheet
 * export (`text/csv`: Splitwise's, ADR 0054) queued as an import job. The body streams into the job's chunks as it arrives (never whole in
 * memory), up to the policy's size limit; the answer is `202` with the job's
 * id and `Location`, and the work runs on an import worker, off this
 * request's path. `GET /v1/imports/{id}` (the query API) follows it.
 *
 * @module
 */
import type { Hono } from "hono";
import {
  type ImportQueue,
  ImportQuotaError,
  ImportTooLargeError,
  ImportUploadExpiredError,
} from "@kopek/imports";
import { problem, ProblemError } from "@kopek/platform";
import type { Limits } from "../rate_limits.ts";
import { importSourceOf } from "./import_source.ts";

function tooLarge(maxBytes: number): ProblemError {
  return new ProblemError(
    problem(413, `a dump may be at most ${maxBytes / 1024 / 1024} MiB here; use kopek import`, {
      code: "too_large",
    }),
  );
}

/** Mounts the import route (bearer auth in front). Without a queue it answers 503. */
export function importRoutes(deps: { imports?: ImportQueue; limits: Limits }) {
  return (app: Hono) => {
    app.post("/v1/imports", async (c) => {
      await deps.limits.hit("writes", c.get("userId"));
      const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
      if (type !== "application/sql" && type !== "text/csv") {
        throw new ProblemError(
          problem(
            415,
            "the body must be a Kopek SQL export (application/sql) or a spreadsheet export (text/csv)",
            { code: "unsupported_media_type" },
          ),
        );
      }
      const source = type === "text/csv" ? importSourceOf(new URL(c.req.url)) : null;
      const queue = deps.imports;
      if (!queue) {
        throw new ProblemError(
          problem(503, "imports are not available on this server", { code: "unavailable" }),
        );
      }
      const declared = Number(c.req.header("content-length") ?? 0);
      if (declared > queue.policy.maxBytes) throw tooLarge(queue.policy.maxBytes);
      let id: string;
      try {
        ({ id } = await queue.enqueue({
          ownerId: c.get("userId"),
          via: c.get("via"),
          requestId: c.get("requestId"),
          body: c.req.raw.body ?? ReadableStream.from<Uint8Array>([]),
          source,
        }));
      } catch (e) {
        if (e instanceof ImportTooLargeError) throw tooLarge(e.maxBytes);
        if (e instanceof ImportQuotaError) {
          throw new ProblemError(
            problem(
              429,
              `you have ${e.maxPending} imports waiting or running: wait until one has ended`,
              { code: "too_many_imports" },
            ),
            { "Retry-After": "10" },
          );
        }
        if (e instanceof ImportUploadExpiredError) {
          throw new ProblemError(
            problem(408, "the upload stalled for too long and was dropped: send it again", {
              code: "upload_timeout",
            }),
          );
        }
        throw e;
      }
      c.header("Location", `/v1/imports/${id}`);
      c.header("Cache-Control", "no-store");
      return c.json({ id, status: "queued" as const }, 202);
    });
  };
}
