/**
 * `POST /v1/client-errors`: the PWA reports an uncaught error, the server
 * logs it as one `warn` line and answers 204. Open to anyone (errors happen
 * on the sign-in page too); a valid access token adds the user's id to the
 * line and its own limit, an invalid or expired one is ignored (a session
 * that just expired is a common companion of an error). Limited per address,
 * per user and for everyone together, so that no one can flood the log, and
 * bounded to {@linkcode CLIENT_ERROR_BODY_MAX} bytes.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ClientErrorInput } from "@kopek/domain";
import {
  problem,
  ProblemError,
  readJson,
  type TokenIssuer,
  toProblem,
  zodProblem,
} from "@kopek/platform";
import type { Limits } from "../rate_limits.ts";
import { type ClientErrorMetrics, sanitiseClientError } from "../client_errors.ts";

/** The largest report body, in bytes. */
export const CLIENT_ERROR_BODY_MAX = 16 * 1024;

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/i;

async function userOf(c: Context, tokens: TokenIssuer): Promise<string | null> {
  const match = BEARER.exec(c.req.header("authorization") ?? "");
  if (!match) return null;
  const principal = await tokens.verify(match[1]);
  return principal?.userId ?? null;
}

/** Mounts `POST /v1/client-errors` (before bearer auth: it is open). */
export function clientErrorRoutes(deps: {
  limits: Limits;
  tokens: TokenIssuer;
  metrics: ClientErrorMetrics;
}) {
  const { limits, tokens, metrics } = deps;
  const sizeLimit = bodyLimit({
    maxSize: CLIENT_ERROR_BODY_MAX,
    onError: () => {
      metrics.refused("too_large");
      throw new ProblemError(
        problem(413, `a report is at most ${CLIENT_ERROR_BODY_MAX} bytes`, { code: "too_large" }),
      );
    },
  });
  return (app: Hono) => {
    app.post("/v1/client-errors", sizeLimit, async (c) => {
      let userId: string | null = null;
      try {
        // Per caller first: a flood from one address or user is cut off before it verifies
        // tokens or uses up the limit everyone shares.
        await limits.hit("clientErrors", `address ${limits.address(c)}`);
        userId = await userOf(c, tokens);
        if (userId) await limits.hit("clientErrors", `user ${userId}`);
        await limits.hit("clientErrorsAll", "all");
      } catch (err) {
        if (toProblem(err)?.status === 429) metrics.refused("rate_limited");
        throw err;
      }
      const parsed = ClientErrorInput.safeParse(
        await readJson(c).catch((err) => {
          // A streamed body over the cap was counted as too large already.
          if (toProblem(err)?.status !== 413) metrics.refused("invalid");
          throw err;
        }),
      );
      if (!parsed.success) {
        metrics.refused("invalid");
        throw new ProblemError(zodProblem(parsed.error));
      }
      const report = sanitiseClientError(parsed.data);
      c.get("logger").warn(
        { clientError: report, ...(userId ? { userId } : {}) },
        "client error",
      );
      metrics.logged(report.kind);
      return c.body(null, 204);
    });
  };
}
