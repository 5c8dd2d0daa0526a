/**
 * `GET /v1/imports/{id}`: an import job as its owner sees it: queued,
 * running (with its progress), done (the new groups and the position of the
 * last event, for `Kopek-Min-Position`), refused (the 422 problem) or failed
 * (a 500 problem). Anyone else's job answers exactly like a missing one.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { importJobViewFor } from "@kopek/imports";
import type { QueryApiDeps } from "../deps.ts";
import { notFound, parseQuery } from "../_http.ts";

const ProblemOut = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

/** The answer of `POST /v1/imports` (202, with `Location: /v1/imports/{id}`). */
export const ImportQueuedAnswer = z.object({ id: z.uuid(), status: z.literal("queued") });

/** The answer of `GET /v1/imports/{id}` (the OpenAPI document's shape of `ImportJobView`). */
export const ImportJobAnswer = z.object({
  id: z.uuid(),
  status: z.enum(["queued", "running", "done", "refused", "failed"]),
  groups: z.array(z.object({ id: z.uuid(), name: z.string() })).optional().describe(
    "done: the new groups",
  ),
  position: z.number().int().optional().describe(
    "done: the position of the last appended event (send it as Kopek-Min-Position)",
  ),
  problem: ProblemOut.optional().describe(
    "refused: the 422 problem (code, detail naming the position); failed: a 500 problem",
  ),
  progress: z.object({
    phase: z.enum(["checking", "appending"]),
    done: z.number().int(),
    total: z.number().int(),
    unit: z.enum(["bytes", "events"]),
  }).optional().describe(
    "running: checking counts the dump's bytes read, appending the dump's events replayed",
  ),
});

/** Mounts `GET /v1/imports/{id}`. */
export function importRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/imports/:id", async (c) => {
      parseQuery(c, {});
      const job = await importJobViewFor(deps.sql, c.req.param("id"), c.get("userId"));
      if (!job) throw notFound("import");
      // A job changes while it runs: never a cached answer.
      c.header("Cache-Control", "no-store");
      return c.json(job);
    });
  };
}
