import assert from "node:assert/strict";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problem, ProblemError, problemResponse } from "../http/problem.ts";
import { errorHandler } from "../http/errors.ts";
import { requestContext } from "../http/middleware.ts";
import { createLogger } from "../logger.ts";
import { createMetricsRegistry, type Registry } from "./registry.ts";
import { httpMetricsMiddleware, methodLabel, UNMATCHED_ROUTE } from "./http.ts";

/** A process app like a service's main.ts: metrics first, `/v1/*` forwarded to an inner API app. */
function processApp(registry: Registry) {
  const inner = new Hono();
  inner.onError(errorHandler({ onUnexpected: () => {}, onUnavailable: () => {} }));
  inner.notFound(() => problemResponse(problem(404, "no such resource", { code: "not_found" })));
  inner.use("*", requestContext({ logger: createLogger({ level: "silent" }) }));
  inner.use("/v1/*", async (c, next) => {
    if (c.req.header("authorization") !== "Bearer ok") {
      throw new ProblemError(
        problem(401, "a bearer token is required", { code: "unauthenticated" }),
      );
    }
    await next();
  });
  inner.get("/v1/groups/:groupId/expenses", (c) => c.json({ group: c.req.param("groupId") }));
  // A body limit replaces c.req.raw when the length is not announced: the mark must survive it.
  inner.use("/v1/*", bodyLimit({ maxSize: 1024 }));
  inner.delete("/v1/groups/:groupId/expenses/:e", (c) => c.json({ voided: c.req.param("e") }));
  inner.post("/v1/groups/:groupId/expenses", () => {
    throw new ProblemError(problem(422, "bad", { code: "validation" }));
  });
  const app = new Hono();
  app.use("*", httpMetricsMiddleware(registry));
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.all("/v1/*", (c) => inner.fetch(c.req.raw, c.env));
  app.get("/*", (c) => c.text("site"));
  return app;
}

async function series(registry: Registry, name: string) {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []) as { labels: Record<string, string | number>; value: number }[];
}

const ok = { authorization: "Bearer ok" };

Deno.test("httpMetricsMiddleware() counts requests under the inner app's route template, never ids", async () => {
  const registry = createMetricsRegistry({ process: false });
  const app = processApp(registry);
  for (const id of [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]) {
    const res = await app.request(`/v1/groups/${id}/expenses`, { headers: ok });
    assert.equal(res.status, 200);
    await res.body?.cancel();
  }
  const requests = await series(registry, "kopek_http_requests_total");
  assert.deepEqual(requests, [{
    labels: { route: "/v1/groups/:groupId/expenses", method: "GET", status: "200" },
    value: 3,
  }]);
  const text = await registry.metrics();
  assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-/);
  assert.match(
    text,
    /kopek_http_request_duration_seconds_count\{route="\/v1\/groups\/:groupId\/expenses",method="GET"\} 3/,
  );
});

Deno.test("httpMetricsMiddleware() gives a middleware's refusal the route it guarded, and counts problem codes", async () => {
  const registry = createMetricsRegistry({ process: false });
  const app = processApp(registry);
  const id = crypto.randomUUID();
  assert.equal((await app.request(`/v1/groups/${id}/expenses`)).status, 401);
  assert.equal(
    (await app.request(`/v1/groups/${id}/expenses`, { method: "POST", headers: ok })).status,
    422,
  );
  assert.equal((await app.request(`/v1/nothing/here`, { headers: ok })).status, 404);
  const requests = (await series(registry, "kopek_http_requests_total")).map((s) => s.labels);
  assert.deepEqual(
    requests.sort((a, b) => String(a.status).localeCompare(String(b.status))),
    [
      { route: "/v1/groups/:groupId/expenses", method: "GET", status: "401" },
      { route: UNMATCHED_ROUTE, method: "GET", status: "404" },
      { route: "/v1/groups/:groupId/expenses", method: "POST", status: "422" },
    ],
  );
  const problems = (await series(registry, "kopek_http_problems_total")).map((s) => s.labels);
  assert.deepEqual(problems, [
    { status: "401", code: "unauthenticated" },
    { status: "422", code: "validation" },
    { status: "404", code: "not_found" },
  ]);
});

Deno.test("httpMetricsMiddleware() labels the process app's own routes, and in flight returns to 0", async () => {
  const registry = createMetricsRegistry({ process: false });
  const app = processApp(registry);
  await (await app.request("/healthz")).text();
  await (await app.request("/some/page")).text();
  const routes = (await series(registry, "kopek_http_requests_total")).map((s) => s.labels.route);
  assert.deepEqual(routes, ["/healthz", "/*"]);
  assert.deepEqual((await series(registry, "kopek_http_requests_in_flight"))[0].value, 0);
});

Deno.test("httpMetricsMiddleware() keeps the template when a body limit replaced the request", async () => {
  const registry = createMetricsRegistry({ process: false });
  const app = processApp(registry);
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode("{}"));
      c.close();
    },
  });
  const res = await app.request(
    `/v1/groups/${crypto.randomUUID()}/expenses/${crypto.randomUUID()}`,
    {
      method: "DELETE",
      headers: ok,
      body,
      duplex: "half",
    } as RequestInit,
  );
  assert.equal(res.status, 200);
  await res.body?.cancel();
  const routes = (await series(registry, "kopek_http_requests_total")).map((s) => s.labels.route);
  assert.deepEqual(routes, ["/v1/groups/:groupId/expenses/:e"]);
});

Deno.test("methodLabel() keeps the label set bounded", () => {
  assert.equal(methodLabel("GET"), "GET");
  assert.equal(methodLabel("PROPFIND"), "other");
});
