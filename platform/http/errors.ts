/**
 * The one error path of every API: `app.onError(errorHandler(...))` turns
 * domain, validation, store and HTTP errors into problem+json. Store errors
 * are recognised by their `code`, so that this layer depends on no adapter.
 *
 * @module
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { DomainError } from "@kopek/domain";
import { isDatabaseUnavailable } from "../db_unavailable.ts";
import { problem, ProblemError, problemResponse } from "./problem.ts";

/**
 * `Retry-After` (seconds) of a 503 `database_unavailable`: a pool retries a
 * lost connection within about two seconds (platform/db.ts).
 */
export const DATABASE_RETRY_AFTER_S = 2;

/**
 * The 503 `database_unavailable` problem, with `Retry-After`: PostgreSQL is
 * out of reach, shutting down, out of connections, or a statement hit one of
 * Kopek's time limits. The same request may be retried unchanged (a write
 * with the same id answers its kept result if it did commit).
 */
export function databaseUnavailable(
  detail = "the database is unavailable: retry later",
): ProblemError {
  return new ProblemError(problem(503, detail, { code: "database_unavailable" }), {
    "Retry-After": String(DATABASE_RETRY_AFTER_S),
  });
}

const KIND_STATUS = {
  validation: 422,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  precondition_failed: 412,
  gone: 410,
} as const;

/** Turns a zod error into a 422 problem with one entry per issue. */
export function zodProblem(error: z.ZodError, prefix = "") {
  const errors = error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((s) => s !== "").join("."),
    message: issueMessage(i),
  }));
  const first = errors[0];
  return problem(
    422,
    first ? `${first.path || "body"}: ${first.message}` : "the request is not valid",
    { code: "validation", errors },
  );
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown field(s): ${issue.keys.join(", ")}`;
  return issue.message;
}

/** The problem document for any error, or null for an unexpected one. */
export function toProblem(err: unknown) {
  if (err instanceof ProblemError) return err.problem;
  if (isDatabaseUnavailable(err)) return databaseUnavailable().problem;
  if (err instanceof DomainError) {
    return problem(KIND_STATUS[err.kind], err.message, { code: err.code, errors: err.errors });
  }
  if (err instanceof z.ZodError) return zodProblem(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "eventstore.idempotency_conflict") {
    return problem(409, "this id was already used for a different request", {
      code: "duplicate_id",
    });
  }
  if (code === "eventstore.version_conflict") {
    return problem(409, "the data changed meanwhile: retry", { code: "version_conflict" });
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const detail = err.message || (status === 413 ? "the request body is too large" : "error");
    return problem(status, detail);
  }
  return null;
}

/** Options of {@linkcode errorHandler}. */
export interface ErrorHandlerOptions {
  readonly onUnexpected?: (err: unknown, c: Context) => void;
  /** Told of an error answered 503 `database_unavailable` (to log it at a lower level than a bug). */
  readonly onUnavailable?: (err: unknown, c: Context) => void;
}

/** Hono `onError` handler answering problem+json. */
export function errorHandler(options: ErrorHandlerOptions = {}) {
  return function onError(err: unknown, c: Context): Response {
    if (!(err instanceof ProblemError) && isDatabaseUnavailable(err)) {
      const unavailable = databaseUnavailable();
      options.onUnavailable?.(err, c);
      return problemResponse(unavailable.problem, unavailable.headers);
    }
    const p = toProblem(err);
    if (p) {
      return problemResponse(p, err instanceof ProblemError ? err.headers : {});
    }
    options.onUnexpected?.(err, c);
    return problemResponse(problem(500, "an unexpected error occurred", { code: "internal" }));
  };
}
