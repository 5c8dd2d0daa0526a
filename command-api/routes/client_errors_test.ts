import assert from "node:assert/strict";
import { createLogger, createMetricsRegistry } from "@kopek/platform";
import { createMemoryCommandApi, requestApp } from "../_memory_testing.ts";
import { CLIENT_ERROR_BODY_MAX } from "./client_errors.ts";

const REPORT = {
  kind: "unhandledrejection",
  message: "TypeError: x is not a function",
  path: "/groups",
  release: "r1",
  agent: "firefox",
};

/** The API with its log lines and metrics kept, and the client error limit per caller at `limit`. */
function stand(limit = 100) {
  const raw: string[] = [];
  const logger = createLogger({ level: "info", destination: { write: (s) => void raw.push(s) } });
  const registry = createMetricsRegistry({ process: false });
  const api = createMemoryCommandApi({
    logger,
    metrics: registry,
    rateLimiter: undefined,
    rateLimits: { clientErrors: { name: "client-errors", limit, windowMs: 60_000 } },
  });
  return {
    api,
    lines: () => raw.filter((s) => s.includes('"client error"')).map((s) => JSON.parse(s)),
    metrics: () => registry.metrics(),
    post: (body: unknown, token: string | null = null) =>
      requestApp(api.app, token, "POST", "/v1/client-errors", body),
  };
}

Deno.test("POST /v1/client-errors answers 204 and logs one warn line, with the user only for a valid token", async () => {
  const s = stand();
  const ana = await s.api.user("Ana");
  const signedIn = await s.post(REPORT, ana.token);
  assert.equal(signedIn.status, 204, signedIn.text);
  assert.equal(signedIn.text, "");
  const anonymous = await s.post(REPORT);
  assert.equal(anonymous.status, 204, anonymous.text);
  const expired = await s.post(REPORT, "not.a.token");
  assert.equal(expired.status, 204, expired.text);
  const lines = s.lines();
  assert.equal(lines.length, 3);
  assert.equal(lines[0].level, "warn");
  assert.equal(lines[0].userId, ana.id);
  assert.equal(lines[0].clientError.message, REPORT.message);
  assert.equal(lines[1].userId, undefined);
  assert.equal(lines[2].userId, undefined);
  assert.match(await s.metrics(), /kopek_client_errors_total\{kind="unhandledrejection"\} 3/);
});

Deno.test("POST /v1/client-errors refuses bad reports with a 4xx problem, logs none and counts why", async () => {
  const s = stand();
  const invalid = await s.post({ ...REPORT, kind: "panic" });
  assert.equal(invalid.status, 422, invalid.text);
  assert.equal(invalid.body.code, "validation");
  const unknownField = await s.post({ ...REPORT, cookie: "x" });
  assert.equal(unknownField.status, 422, unknownField.text);
  const notJson = await s.api.app.request("/v1/client-errors", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{oops",
  });
  assert.equal(notJson.status, 400);
  assert.equal((await notJson.json()).code, "malformed");
  const big = await s.post({ ...REPORT, stack: "x".repeat(CLIENT_ERROR_BODY_MAX) });
  assert.equal(big.status, 413, big.text);
  assert.equal(big.body.code, "too_large");
  assert.equal(s.lines().length, 0);
  const metrics = await s.metrics();
  assert.match(metrics, /kopek_client_errors_refused_total\{reason="invalid"\} 3/);
  assert.match(metrics, /kopek_client_errors_refused_total\{reason="too_large"\} 1/);
});

Deno.test("POST /v1/client-errors over the limit per address is 429 rate_limited, counted, and not logged", async () => {
  const s = stand(2);
  for (let i = 0; i < 2; i++) assert.equal((await s.post(REPORT)).status, 204);
  const limited = await s.post(REPORT);
  assert.equal(limited.status, 429, limited.text);
  assert.equal(limited.body.code, "rate_limited");
  assert.ok(Number(limited.headers.get("retry-after")) > 0);
  assert.equal(s.lines().length, 2);
  assert.match(await s.metrics(), /kopek_client_errors_refused_total\{reason="rate_limited"\} 1/);
});
