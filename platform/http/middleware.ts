/**
 * Middleware shared by the APIs: request ids, access logs and server spans, bearer auth,
 * strict JSON bodies.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "../logger.ts";
import type { Principal, TokenIssuer } from "../auth/jwt.ts";
import { problem, ProblemError } from "./problem.ts";
import { iJsonFault } from "./_json.ts";
import { markRoute } from "../metrics/http.ts";
import { logAccess, traced } from "./access_log.ts";

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
    logger: Logger;
    userId: string;
    /** The service acting for the user (a bot), or null. */
    via: string | null;
    /** Everything the bearer token says (its session and expiry, for `/live`). */
    principal: Principal;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export { loggablePath } from "./access_log.ts";

/**
 * Gives each request an id (or keeps a sane incoming `X-Request-Id`) and a
 * child logger, runs it in its server span when tracing is on, and logs its
 * access line (platform/http/access_log.ts).
 */
export function requestContext(options: { logger: Logger }): MiddlewareHandler {
  return async function requestContext(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const logger = options.logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("logger", logger);
    const started = performance.now();
    const request = c.req.raw;
    await traced(c, async () => {
      await next();
      // The route template, for the process app's metrics (this app may be mounted in another).
      markRoute(c, request);
      c.header("X-Request-Id", requestId);
      logAccess(c, logger, started);
    });
  };
}

/** Requires `Authorization: Bearer <valid token>` and sets `userId`, `via` and `principal`. */
export function bearerAuth(options: { tokens: TokenIssuer }): MiddlewareHandler {
  return async function bearerAuth(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/i.exec(header);
    const principal = match ? await options.tokens.verify(match[1]) : null;
    if (!principal) {
      throw new ProblemError(
        problem(401, match ? "the token is invalid or expired" : "a bearer token is required", {
          code: "unauthenticated",
        }),
        { "WWW-Authenticate": 'Bearer realm="kopek"' },
      );
    }
    c.set("userId", principal.userId);
    c.set("via", principal.via);
    c.set("principal", principal);
    await next();
  };
}

/**
 * Reads a body that may be absent (a void, a removal, accepting an invite):
 * `{}` when the request has none, else {@linkcode readJson}'s strict JSON.
 */
export async function readOptionalJson(c: Context): Promise<unknown> {
  const length = c.req.header("content-length");
  const hasBody = (length !== undefined && length !== "0") || c.req.header("transfer-encoding");
  return hasBody ? await readJson(c) : {};
}

/**
 * Reads a JSON body strictly: `application/json` in UTF-8 only (415), valid
 * UTF-8 and valid I-JSON (400: RFC 8259 JSON without duplicate field names
 * or lone surrogates, RFC 7493). Size limits are enforced by Hono's
 * `bodyLimit` in front.
 */
export async function readJson(c: Context): Promise<unknown> {
  const [type, ...params] = (c.req.header("content-type") ?? "").split(";")
    .map((s) => s.trim().toLowerCase());
  if (type !== "application/json") {
    throw new ProblemError(
      problem(415, "the body must be application/json", { code: "unsupported_media_type" }),
    );
  }
  const charset = params.find((p) => p.startsWith("charset="))?.slice(8).replace(/^"(.*)"$/, "$1");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new ProblemError(
      problem(415, "the body must be encoded in UTF-8 (charset=utf-8)", {
        code: "unsupported_media_type",
      }),
    );
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ProblemError(problem(400, "the body is not valid UTF-8", { code: "malformed" }));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProblemError(problem(400, "the body is not valid JSON", { code: "malformed" }));
  }
  const fault = iJsonFault(text);
  if (fault) {
    throw new ProblemError(
      problem(400, `${fault.path || "body"}: ${fault.message}`, {
        code: "malformed",
        errors: [fault],
      }),
    );
  }
  return value;
}
