/**
 * HTTP families (ADR 0036): requests by route template, method and status,
 * a duration histogram by route and method, requests in flight, and the
 * problem codes of error answers.
 *
 * The route label is the path pattern of the Hono route that answered
 * (`/v1/groups/:groupId/expenses`), never the request's path, so ids never
 * become labels. A process's app forwards `/v1/*` to the command or query
 * API's own app (`api.fetch(c.req.raw)`): that inner app's
 * `requestContext` marks the request with its own matched template
 * ({@linkcode markRoute}), which the outer middleware then uses.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { boundedLabel } from "./registry.ts";

/** The route label of a request no route served (a 404 of a wildcard or of nothing). */
export const UNMATCHED_ROUTE = "unmatched";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** At most this many distinct problem codes are labels; later ones count as "other". */
export const MAX_PROBLEM_CODES = 100;

const marked = new WeakMap<Request, string>();

/**
 * The template of the route that answered `c`, once the handlers ran: the
 * route that responded; when a middleware answered for it (a 401 of the auth
 * middleware), the first route after it that has a method (the one that
 * would have served); {@linkcode UNMATCHED_ROUTE} for a 404 of a wildcard.
 * An inner app's mark ({@linkcode markRoute}) of `request` (the request as
 * it arrived: a body limit may replace `c.req.raw`) wins.
 */
export function routeTemplate(c: Context, request: Request = c.req.raw): string {
  const mark = marked.get(request);
  if (mark !== undefined) return mark;
  let routes;
  try {
    routes = matchedRoutes(c);
  } catch {
    return UNMATCHED_ROUTE;
  }
  const index = Math.min(c.req.routeIndex, routes.length - 1);
  let path = routes[index]?.path;
  if (path === undefined) return UNMATCHED_ROUTE;
  if (path.includes("*")) {
    const handler = routes.slice(index + 1).find((r) =>
      r.method !== "ALL" && !r.path.includes("*")
    );
    if (handler) path = handler.path;
    else if (c.res.status === 404) return UNMATCHED_ROUTE;
  }
  return path;
}

/**
 * Records the route template of `c` on `request` (the request this app was
 * given), for the process app's middleware.
 */
export function markRoute(c: Context, request: Request): void {
  marked.set(request, routeTemplate(c, request));
}

/** A method label from a bounded set. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "other";
}

/** The HTTP families of a registry, created once per registry. */
export interface HttpMetrics {
  readonly requests: Counter<"route" | "method" | "status">;
  readonly duration: Histogram<"route" | "method">;
  readonly inFlight: Gauge;
  readonly problems: Counter<"status" | "code">;
}

const families = new WeakMap<Registry, HttpMetrics>();

/** The HTTP families on `registry` (created on first use). */
export function httpMetrics(registry: Registry): HttpMetrics {
  let m = families.get(registry);
  if (!m) {
    m = {
      requests: new Counter({
        name: "kopek_http_requests_total",
        help: "HTTP requests answered, by route template, method and status.",
        labelNames: ["route", "method", "status"] as const,
        registers: [registry],
      }),
      duration: new Histogram({
        name: "kopek_http_request_duration_seconds",
        help: "Time to the response's headers, by route template and method.",
        labelNames: ["route", "method"] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
      inFlight: new Gauge({
        name: "kopek_http_requests_in_flight",
        help: "HTTP requests being answered now.",
        registers: [registry],
      }),
      problems: new Counter({
        name: "kopek_http_problems_total",
        help: "Error answers (4xx and 5xx) by status and the code of their problem document.",
        labelNames: ["status", "code"] as const,
        registers: [registry],
      }),
    };
    families.set(registry, m);
  }
  return m;
}

async function problemCode(res: Response, seen: Set<string>): Promise<string> {
  if (!res.headers.get("content-type")?.includes("problem+json")) return "none";
  let code: unknown;
  try {
    code = (await res.clone().json() as { code?: unknown })?.code;
  } catch {
    return "unreadable";
  }
  return typeof code === "string" ? boundedLabel(seen, code, MAX_PROBLEM_CODES) : "none";
}

/**
 * The middleware that counts every request of the process's app: put it
 * first (`app.use("*", …)`), before any route, so that it sees all of them.
 */
export function httpMetricsMiddleware(registry: Registry): MiddlewareHandler {
  const m = httpMetrics(registry);
  const seen = new Set<string>();
  return async function httpMetrics(c, next) {
    const started = performance.now();
    const request = c.req.raw;
    m.inFlight.inc();
    try {
      await next();
    } finally {
      m.inFlight.dec();
    }
    const route = routeTemplate(c, request);
    const method = methodLabel(c.req.method);
    const status = c.res.status;
    m.duration.observe({ route, method }, (performance.now() - started) / 1000);
    m.requests.inc({ route, method, status: String(status) });
    if (status >= 400) {
      m.problems.inc({ status: String(status), code: await problemCode(c.res, seen) });
    }
  };
}
