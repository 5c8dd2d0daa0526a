/**
 * The write guard: while the database's volume is nearly full, requests that
 * write answer 503 `storage_full` with `Retry-After` instead of reaching
 * PostgreSQL; reads pass. It reads the watcher's cached state (no `statfs`
 * per request).
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { problem, ProblemError } from "./problem.ts";
import type { StorageState } from "../storage_watcher.ts";

/** Seconds a client is told to wait: freeing space is an operator's job, not a blip. */
export const STORAGE_FULL_RETRY_AFTER_S = 30;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Refuses writing requests while `storage.state().full`. */
export function storageGuard(storage: { state(): StorageState }): MiddlewareHandler {
  return async function storageGuard(c, next) {
    if (!SAFE_METHODS.has(c.req.method) && storage.state().full) {
      throw new ProblemError(
        problem(
          503,
          "the server's storage is nearly full: writes are paused until space is freed",
          {
            code: "storage_full",
          },
        ),
        { "Retry-After": String(STORAGE_FULL_RETRY_AFTER_S) },
      );
    }
    await next();
  };
}
