/**
 * The all-in-one's HTTP application, built the same way by the main isolate and by each HTTP
 * worker (ADR 0063): metrics, hardening, the operations routes, `/v1/*` split by method between
 * the command and the query API, and the PWA's static files.
 *
 * @module
 */
import { Hono, type MiddlewareHandler } from "hono";
import {
  hardening,
  healthRoutes,
  type MetricsSource,
  problem,
  problemResponse,
  type ReadinessCheck,
} from "@kopek/platform";
import type { StaticSite } from "./static_site.ts";

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

/** Something that answers a request, with the connection's details as its env. */
export interface FetchTarget {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** What {@linkcode allInOneApp} is built from. */
export interface AllInOneAppParts {
  readonly publicOrigin: string | undefined;
  readonly metricsMiddleware: MiddlewareHandler;
  readonly metricsSources: readonly MetricsSource[];
  readonly checks: readonly ReadinessCheck[];
  readonly commandApi: FetchTarget;
  readonly queryApi: FetchTarget;
  readonly site: StaticSite | null;
  /** Routes mounted before the hardening (the embedded bot's webhook). */
  readonly mountFirst?: (app: Hono) => void;
}

/** The all-in-one's Hono application. */
export function allInOneApp(parts: AllInOneAppParts): Hono {
  const app = new Hono();
  app.use("*", parts.metricsMiddleware);
  parts.mountFirst?.(app);
  app.use("*", hardening({ publicOrigin: parts.publicOrigin }));
  app.notFound(() => problemResponse(problem(404, "no such resource", { code: "not_found" })));
  // Every check of every part (docs/operations.md, Health).
  healthRoutes({ checks: parts.checks, metrics: parts.metricsSources })(app);
  app.all("/v1/*", (c) => {
    const target = WRITE_METHODS.includes(c.req.method) ? parts.commandApi : parts.queryApi;
    // The connection's details (the client's address) travel on as the sub-app's env.
    return target.fetch(c.req.raw, c.env);
  });
  parts.site?.mount(app);
  return app;
}
