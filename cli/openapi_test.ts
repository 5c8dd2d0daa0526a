import assert from "node:assert/strict";
import type { Hono } from "hono";
import { createCommandApi } from "@kopek/command-api";
import { createQueryApi } from "@kopek/query-api";
import { openApiDocument, ROUTES as OPERATIONS } from "@kopek/contract";
import { createCodeMinter, createLogger, createTokenIssuer, type Sql } from "@kopek/platform";
import type { EventStore } from "@kopek/eventstore";

function routesOf(app: Hono): Set<string> {
  return new Set(
    app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:\w+/g, "{}")}`),
  );
}

Deno.test("openApiDocument() lists exactly the routes the two APIs mount", async () => {
  const logger = createLogger({ level: "silent" });
  const tokens = createTokenIssuer({ secret: "x".repeat(32) });
  const store = {} as EventStore;
  const commandApi = createCommandApi({
    codes: createCodeMinter("c".repeat(40)),
    store,
    tokens,
    logger,
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
  });
  const queryApi = createQueryApi({ sql: {} as Sql, store, tokens, logger });
  try {
    const mounted = new Set([...routesOf(commandApi), ...routesOf(queryApi)]);
    const documented = new Set(
      OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path.replace(/\{\w+\}/g, "{}")}`),
    );
    assert.deepEqual(
      [...mounted].filter((r) => !documented.has(r)),
      [],
      "mounted but undocumented",
    );
    assert.deepEqual(
      [...documented].filter((r) => !mounted.has(r)),
      [],
      "documented but not mounted",
    );
  } finally {
    await queryApi.close();
  }
});

Deno.test("openApiDocument() gives the exports' and the import's media types", () => {
  const doc = openApiDocument() as {
    paths: Record<
      string,
      Record<
        string,
        { requestBody?: { content: object }; responses: Record<string, { content: object }> }
      >
    >;
  };
  const types = (o: object | undefined) => Object.keys(o ?? {});
  assert.deepEqual(types(doc.paths["/v1/groups/{g}/export.sql"].get.responses["200"].content), [
    "application/sql",
  ]);
  assert.deepEqual(types(doc.paths["/v1/groups/{g}/export.csv"].get.responses["200"].content), [
    "text/csv",
  ]);
  assert.deepEqual(types(doc.paths["/v1/imports"].post.requestBody?.content), [
    "application/sql",
    "text/csv",
  ]);
  assert.deepEqual(types(doc.paths["/v1/groups/{g}/balances"].get.responses["200"].content), [
    "application/json",
  ]);
});
