/**
 * `POST /v1/imports`: a SQL export (`application/sql`) restored as new
 * groups owned by the caller. Dumps may be larger than JSON bodies: up to
 * {@linkcode MAX_IMPORT_BYTES}.
 *
 * @module
 */
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problem, ProblemError } from "@kopek/platform";
import type { Importer } from "../imports.ts";
import type { Limits } from "../rate_limits.ts";

/** The largest dump `POST /v1/imports` takes (64 MiB; `kopek import` has no limit). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Mounts the import route (bearer auth in front). */
export function importRoutes(deps: { importDump: Importer; limits: Limits }) {
  return (app: Hono) => {
    app.post(
      "/v1/imports",
      bodyLimit({
        maxSize: MAX_IMPORT_BYTES,
        onError: () => {
          throw new ProblemError(
            problem(
              413,
              `a dump may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB here; use kopek import`,
              {
                code: "too_large",
              },
            ),
          );
        },
      }),
      async (c) => {
        await deps.limits.hit("writes", c.get("userId"));
        const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
        if (type !== "application/sql") {
          throw new ProblemError(
            problem(415, "the body must be a Kopek SQL export (application/sql)", {
              code: "unsupported_media_type",
            }),
          );
        }
        let text: string;
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
        } catch {
          throw new ProblemError(
            problem(400, "the body is not valid UTF-8", { code: "malformed" }),
          );
        }
        const result = await deps.importDump(text, {
          userId: c.get("userId"),
          via: c.get("via"),
          requestId: c.get("requestId"),
        });
        c.header("Kopek-Position", String(result.position));
        return c.json(result, 201);
      },
    );
  };
}
