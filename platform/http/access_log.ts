/**
 * One access line per request, and the request's server span when tracing
 * is on (ADR 0037). Used by {@linkcode requestContext}; kept apart from the
 * rest of the middleware.
 *
 * The line: method, route template, path (secrets in it masked), status,
 * duration in ms, the request id (a binding of the request's logger), the
 * user id once authenticated, and the trace id when traced (the logger's
 * mixin). Never headers, tokens or bodies.
 *
 * @module
 */
import type { Context } from "hono";
import { matchedRoutes } from "hono/route";
import type { Logger } from "../logger.ts";
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  tracer,
  tracingEnabled,
} from "../tracing.ts";

/** The route a request matched, as registered (`/v1/groups/:groupId/expenses`); "unmatched" else. */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    // Middleware is registered for every method ("ALL"); a route for its own.
    if (routes[i].method !== "ALL") return routes[i].path;
  }
  return "unmatched";
}

const headerGetter = {
  get: (carrier: Headers, key: string) => carrier.get(key) ?? undefined,
  keys: (carrier: Headers) => [...carrier.keys()],
};

/**
 * Runs `handle` (the rest of the chain, then the access line) inside a
 * server span that continues an incoming W3C `traceparent`; tracing off:
 * `handle()`. The span is named `METHOD /route/:template` once routed.
 */
export async function traced(c: Context, handle: () => Promise<void>): Promise<void> {
  if (!tracingEnabled) return await handle();
  // Deno's own span of the request (platform/http/server.ts makes it active) already continues
  // the caller's trace: this one is its child. Without it, this one is the server span.
  const runtime = trace.getActiveSpan();
  const parent = runtime
    ? context.active()
    : propagation.extract(context.active(), c.req.raw.headers, headerGetter);
  const method = c.req.method;
  const span = tracer.startSpan(method, {
    kind: runtime ? SpanKind.INTERNAL : SpanKind.SERVER,
    attributes: { "http.request.method": method },
  }, parent);
  try {
    await context.with(trace.setSpan(parent, span), handle);
  } catch (e) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw e;
  } finally {
    const route = routeTemplate(c);
    const status = c.res.status;
    span.updateName(`${method} ${route}`);
    // The runtime's span is named by the method only: named by the route too.
    runtime?.updateName(`${method} ${route}`);
    span.setAttributes({
      "http.route": route,
      "http.response.status_code": status,
      "kopek.request_id": c.get("requestId") ?? "",
    });
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }
}

/** Logs the access line of a request that was answered. */
export function logAccess(c: Context, logger: Logger, startedMs: number): void {
  const status = c.res.status;
  const line: Record<string, unknown> = {
    method: c.req.method,
    route: routeTemplate(c),
    path: loggablePath(c.req.path),
    status,
    ms: Math.round((performance.now() - startedMs) * 10) / 10,
  };
  const userId = c.get("userId");
  if (userId) line.userId = userId;
  if (status >= 500) logger.error(line, "request failed");
  else logger.info(line, "request");
}

/** Path segments that are secrets (an invite code), masked in logs. */
const SECRET_SEGMENTS = /^(\/v1\/invites\/)[^/]+/;

/** A request path as logs may show it: secrets in it masked. */
export function loggablePath(path: string): string {
  return path.replace(SECRET_SEGMENTS, "$1[redacted]");
}
