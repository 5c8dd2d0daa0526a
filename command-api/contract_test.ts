import assert from "node:assert/strict";
import type { Hono } from "hono";
import { ROUTES } from "@kopek/contract";
import { createCodeMinter, createLogger, createTokenIssuer } from "@kopek/platform";
import type { EventStore } from "@kopek/eventstore";
import { createCommandApi } from "./app.ts";

/** `POST /v1/groups/{}`: a route with its parameters' names left out. */
function mounted(app: Hono): string[] {
  return [
    ...new Set(
      app.routes
        .filter((r) => r.method !== "ALL")
        .map((r) => `${r.method} ${r.path.replace(/:\w+/g, "{}")}`),
    ),
  ];
}

Deno.test("createCommandApi() mounts exactly the contract's command-api routes", () => {
  const app = createCommandApi({
    codes: createCodeMinter("c".repeat(40)),
    store: {} as EventStore,
    tokens: createTokenIssuer({ secret: "x".repeat(32) }),
    logger: createLogger({ level: "silent" }),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
  });
  const routes = mounted(app);
  const table = ROUTES.filter((r) => r.service === "command-api").map((r) =>
    `${r.method.toUpperCase()} ${r.path.replace(/\{\w+\}/g, "{}")}`
  );
  assert.deepEqual(routes.filter((r) => !table.includes(r)), [], "mounted, not in the contract");
  assert.deepEqual(table.filter((r) => !routes.includes(r)), [], "in the contract, not mounted");
});
