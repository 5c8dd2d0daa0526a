import assert from "node:assert/strict";
import { Hono } from "hono";
import { createLogger } from "../logger.ts";
import { loggablePath } from "./access_log.ts";
import { bearerAuth, requestContext } from "./middleware.ts";
import { createTokenIssuer } from "../auth/jwt.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "kopek-test",
    instance: "i-1",
    destination: { write: (s: string) => void lines.push(JSON.parse(s)) },
  });
  return { lines, logger };
}

Deno.test("one access line per request at info: route template, status, ms, ids; never the body or token", async () => {
  const { lines, logger } = capture();
  const tokens = createTokenIssuer({ secret: "a-test-secret-that-is-long-enough-1234" });
  const app = new Hono();
  app.use("*", requestContext({ logger }));
  app.use("/v1/*", bearerAuth({ tokens }));
  app.post("/v1/groups/:groupId/expenses", (c) => c.json({ ok: true }, 201));
  const { token: accessToken } = await tokens.issue("0190a0b0-0000-7000-8000-000000000001");
  const res = await app.request("/v1/groups/g-42/expenses", {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "x-request-id": "req-1" },
    body: JSON.stringify({ note: "secret body" }),
  });
  await res.body?.cancel();
  const line = lines.find((l) => l.msg === "request")!;
  assert.equal(line.level, "info");
  assert.equal(line.service, "test");
  assert.equal(line.instance, "i-1");
  assert.equal(line.method, "POST");
  assert.equal(line.route, "/v1/groups/:groupId/expenses");
  assert.equal(line.path, "/v1/groups/g-42/expenses");
  assert.equal(line.requestId, "req-1");
  assert.equal(line.status, 201);
  assert.equal(typeof line.ms, "number");
  const text = JSON.stringify(lines);
  assert.ok(!text.includes("secret body"));
  assert.ok(!text.includes(accessToken));
  assert.equal(line.userId, "0190a0b0-0000-7000-8000-000000000001");
});

Deno.test("an unmatched request's route is 'unmatched'; a 500 is logged at error", async () => {
  const { lines, logger } = capture();
  const app = new Hono();
  app.use("*", requestContext({ logger }));
  app.get("/boom", (c) => c.text("no", 500));
  await (await app.request("/nowhere/123")).body?.cancel();
  await (await app.request("/boom")).body?.cancel();
  assert.equal(lines[0].route, "unmatched");
  assert.equal(lines[0].status, 404);
  assert.equal(lines[1].route, "/boom");
  assert.equal(lines[1].level, "error");
});

Deno.test("loggablePath masks invite codes", () => {
  assert.equal(loggablePath("/v1/invites/abc123/accept"), "/v1/invites/[redacted]/accept");
  assert.equal(loggablePath("/v1/groups/1"), "/v1/groups/1");
});
