/**
 * `GET /v1/imports/{id}`: an import job as its owner sees it: queued,
 * running (with its progress), done (the new groups and the position of the
 * last event, for `Kopek-Min-Position`), refused (the 422 problem) or failed
 * (a 500 problem). Anyone else's job answers exactly like a missing one.
 *
 * @module
 */
import type { Hono } from "hono";
import { importJobViewFor } from "@kopek/imports";
import type { QueryApiDeps } from "../deps.ts";
import { notFound, parseQuery } from "../_http.ts";

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
