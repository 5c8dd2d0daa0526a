import assert from "node:assert/strict";
import { openApiDocument, type ProblemCode, problemStatuses, ROUTES } from "@kopek/contract";
import { createLogger, createTokenIssuer, type Sql } from "@kopek/platform";
import type { EventStore } from "@kopek/eventstore";
import { createQueryApi } from "./app.ts";

function queryApi() {
  return createQueryApi({
    sql: {} as Sql,
    store: {} as EventStore,
    tokens: createTokenIssuer({ secret: "x".repeat(32) }),
    logger: createLogger({ level: "silent" }),
  });
}

interface Doc {
  paths: Record<
    string,
    Record<string, {
      parameters: { name: string; in: string }[];
      responses: Record<string, { "x-problem-codes"?: string[] }>;
    }>
  >;
}

Deno.test("createQueryApi() mounts exactly the contract's query-api routes", async () => {
  const app = queryApi();
  try {
    const routes = [
      ...new Set(
        app.routes
          .filter((r) => r.method !== "ALL")
          .map((r) => `${r.method} ${r.path.replace(/:\w+/g, "{}")}`),
      ),
    ];
    const table = ROUTES.filter((r) => r.service === "query-api").map((r) =>
      `${r.method.toUpperCase()} ${r.path.replace(/\{\w+\}/g, "{}")}`
    );
    assert.deepEqual(routes.filter((r) => !table.includes(r)), [], "mounted, not in the contract");
    assert.deepEqual(table.filter((r) => !routes.includes(r)), [], "in the contract, not mounted");
  } finally {
    await app.close();
  }
});

Deno.test("GET /v1/openapi.json serves the document generated from the route table", async () => {
  const app = queryApi();
  try {
    const res = await app.request("/v1/openapi.json");
    assert.equal(res.status, 200);
    const served = await res.json() as Doc;
    assert.deepEqual(served, JSON.parse(JSON.stringify(openApiDocument())));
    const documented = Object.entries(served.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`)
    );
    assert.deepEqual(documented.sort(), ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of ROUTES) {
      const op = served.paths[route.path][route.method];
      const where = `${route.method.toUpperCase()} ${route.path}`;
      assert.deepEqual(Object.keys(op.responses).map(Number), [...route.statuses], where);
      const codes = Object.values(op.responses).flatMap((r) => r["x-problem-codes"] ?? []);
      assert.deepEqual([...new Set(codes)].sort(), [...route.problems].sort(), where);
      const params = op.parameters.map((p) => p.name);
      for (const h of route.requestHeaders) assert.ok(params.includes(h), `${where}: ${h}`);
      for (const q of route.query) assert.ok(params.includes(q), `${where}: ?${q}=`);
    }
  } finally {
    await app.close();
  }
});

Deno.test("the route table: statuses come from the problem codes, reads take minPosition", () => {
  for (const route of ROUTES) {
    const where = `${route.method.toUpperCase()} ${route.path}`;
    const fromCodes = route.problems.flatMap((p: ProblemCode) => problemStatuses(p, route.auth));
    const expected = new Set([route.ok, ...(route.alsoOk ?? []), ...fromCodes]);
    if (route.requestHeaders.includes("If-None-Match")) expected.add(304);
    assert.deepEqual([...route.statuses], [...expected].sort((a, b) => a - b), where);
    if (route.method === "get" && route.path !== "/v1/openapi.json") {
      assert.ok(route.query.includes("minPosition"), where);
      assert.ok(route.requestHeaders.includes("Kopek-Min-Position"), where);
    }
    if (route.requestHeaders.includes("If-Match")) {
      assert.ok(route.problems.includes("version.stale"), where);
    }
  }
});

Deno.test("the served document has what it lacked before the contract (issue 17)", async () => {
  const app = queryApi();
  try {
    const doc = await (await app.request("/v1/openapi.json")).json() as Doc & {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    const op = (method: string, path: string) => doc.paths[path][method];
    const params = (method: string, path: string) => op(method, path).parameters.map((p) => p.name);
    assert.ok(op("post", "/v1/invites/{code}/accept").responses["410"]);
    assert.ok(op("post", "/v1/telegram/links").responses["410"]);
    assert.ok(op("get", "/v1/groups/{g}/reports/monthly").responses["304"]);
    assert.ok(params("get", "/v1/groups/{g}/reports/monthly").includes("If-None-Match"));
    assert.ok(op("post", "/v1/sync").responses["413"]);
    assert.ok(op("post", "/v1/sync").responses["415"]);
    assert.ok(op("post", "/v1/sync").requestBody?.content["application/json"]);
    assert.ok(params("get", "/v1/groups/{g}/balances").includes("minPosition"));
    assert.ok(params("post", "/v1/groups/{g}/expenses").includes("Idempotency-Key"));
  } finally {
    await app.close();
  }
});
