/**
 * What the HTTP metrics middleware adds to one request, in process (no
 * network, no database): a process app forwarding `/v1/*` to an inner app
 * like the command API's, a 201 and a 422 problem answer, with and without
 * `httpMetricsMiddleware`. `deno bench -A platform/metrics/http_bench.ts`;
 * figures in docs/observability.md.
 */
import { Hono } from "hono";
import { problem, ProblemError } from "../http/problem.ts";
import { errorHandler } from "../http/errors.ts";
import { requestContext } from "../http/middleware.ts";
import { createLogger } from "../logger.ts";
import { createMetricsRegistry } from "./registry.ts";
import { httpMetricsMiddleware } from "./http.ts";

function processApp(withMetrics: boolean) {
  const inner = new Hono();
  inner.onError(errorHandler({ onUnexpected: () => {}, onUnavailable: () => {} }));
  inner.use("*", requestContext({ logger: createLogger({ level: "silent" }) }));
  inner.post("/v1/groups/:g/expenses", (c) => c.json({ id: c.req.param("g") }, 201));
  inner.post("/v1/groups/:g/settlements", () => {
    throw new ProblemError(problem(422, "bad", { code: "validation" }));
  });
  const app = new Hono();
  if (withMetrics) app.use("*", httpMetricsMiddleware(createMetricsRegistry()));
  app.all("/v1/*", (c) => inner.fetch(c.req.raw, c.env));
  return app;
}

for (const withMetrics of [false, true]) {
  const app = processApp(withMetrics);
  const label = withMetrics ? "metrics on" : "metrics off";
  Deno.bench(`POST 201 ${label}`, { group: "201", baseline: !withMetrics }, async () => {
    const res = await app.request(`/v1/groups/${crypto.randomUUID()}/expenses`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    await res.arrayBuffer();
  });
  Deno.bench(`POST 422 ${label}`, { group: "422", baseline: !withMetrics }, async () => {
    const res = await app.request(`/v1/groups/${crypto.randomUUID()}/settlements`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    await res.arrayBuffer();
  });
}
