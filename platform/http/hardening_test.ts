import assert from "node:assert/strict";
import { Hono } from "hono";
import { errorHandler } from "./errors.ts";
import { hardening, type HardeningOptions } from "./hardening.ts";
import { problem, ProblemError } from "./problem.ts";

const ORIGIN = "https://kopek.example.com";

function appWith(options: HardeningOptions) {
  const app = new Hono();
  app.onError(errorHandler());
  app.use(hardening(options));
  app.get("/v1/ok", (c) => {
    c.header("X-Powered-By", "hono");
    c.header("ETag", '"3"');
    return c.json({ ok: true });
  });
  app.post("/v1/fail", () => {
    throw new ProblemError(problem(409, "the data changed meanwhile", { code: "conflict" }));
  });
  app.get("/v1/crash", () => {
    throw new Error("boom");
  });
  app.get("/docs", (c) => {
    c.header("Content-Security-Policy", "default-src 'self'");
    return c.html("<h1>docs</h1>");
  });
  return app;
}

function assertSecurityHeaders(res: Response, what: string) {
  const h = res.headers;
  assert.equal(h.get("x-content-type-options"), "nosniff", what);
  assert.equal(h.get("x-frame-options"), "DENY", what);
  assert.equal(h.get("referrer-policy"), "no-referrer", what);
  assert.match(
    h.get("strict-transport-security") ?? "",
    /^max-age=\d{7,}; includeSubDomains$/,
    what,
  );
  assert.equal(h.get("cross-origin-resource-policy"), "same-origin", what);
  assert.equal(
    h.get("content-security-policy"),
    "default-src 'none'; frame-ancestors 'none'",
    what,
  );
  assert.equal(h.get("x-powered-by"), null, what);
}

Deno.test("hardening() sets the security headers on successes, problem+json errors, 500s and 404s", async () => {
  for (const options of [{}, { publicOrigin: ORIGIN }]) {
    const app = appWith(options);
    const ok = await app.request("/v1/ok");
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("etag"), '"3"', "a handler's own headers are kept");
    assertSecurityHeaders(ok, "200");

    const conflict = await app.request("/v1/fail", { method: "POST" });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.headers.get("content-type"), "application/problem+json; charset=utf-8");
    assertSecurityHeaders(conflict, "409");

    const crash = await app.request("/v1/crash");
    assert.equal(crash.status, 500);
    assertSecurityHeaders(crash, "500");

    const missing = await app.request("/v1/nowhere");
    assert.equal(missing.status, 404);
    assertSecurityHeaders(missing, "404");
  }
});

Deno.test("hardening() wraps a problem thrown by a later middleware, and exposes its headers to the public origin", async () => {
  const app = new Hono();
  app.onError(errorHandler());
  app.use(hardening({ publicOrigin: ORIGIN }));
  app.use(() => {
    throw new ProblemError(problem(429, "too many requests", { code: "rate_limited" }), {
      "Retry-After": "7",
    });
  });
  app.get("/v1/ok", (c) => c.json({ ok: true }));
  const res = await app.request("/v1/ok", { headers: { origin: ORIGIN } });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after"), "7");
  assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(res.headers.get("access-control-expose-headers") ?? "", /\bRetry-After\b/);
  assertSecurityHeaders(res, "429 from a middleware");
});

Deno.test("hardening() keeps a Content-Security-Policy that a route set itself", async () => {
  const res = await appWith({}).request("/docs");
  assert.equal(res.headers.get("content-security-policy"), "default-src 'self'");
  assert.equal(res.headers.get("x-frame-options"), "DENY");
});

Deno.test("hardening() without a public origin sends no CORS headers at all", async () => {
  const app = appWith({});
  const res = await app.request("/v1/ok", { headers: { origin: ORIGIN } });
  assert.equal(res.status, 200);
  for (const [name] of res.headers) assert.ok(!name.startsWith("access-control-"), name);
  const preflight = await app.request("/v1/ok", {
    method: "OPTIONS",
    headers: { origin: ORIGIN, "access-control-request-method": "POST" },
  });
  assert.equal(preflight.headers.get("access-control-allow-origin"), null);
  assertSecurityHeaders(preflight, "OPTIONS without CORS");
});

Deno.test("hardening() allows CORS for the public origin only, on successes and errors", async () => {
  const app = appWith({ publicOrigin: `${ORIGIN}/` });
  const ok = await app.request("/v1/ok", { headers: { origin: ORIGIN } });
  assert.equal(ok.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(ok.headers.get("access-control-allow-credentials"), null);
  assert.equal(
    ok.headers.get("access-control-expose-headers"),
    "ETag,Kopek-Position,Retry-After,X-Request-Id,Location,Kopek-Served-By",
  );
  assert.match(ok.headers.get("vary") ?? "", /\bOrigin\b/);

  const conflict = await app.request("/v1/fail", { method: "POST", headers: { origin: ORIGIN } });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.headers.get("access-control-allow-origin"), ORIGIN);

  for (
    const other of [
      "https://evil.example",
      "http://kopek.example.com",
      `${ORIGIN}.evil.example`,
      "null",
    ]
  ) {
    const res = await app.request("/v1/ok", { headers: { origin: other } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), null, other);
    assert.match(res.headers.get("vary") ?? "", /\bOrigin\b/, "caches must key on Origin");
  }
});

Deno.test("hardening() answers a preflight from the public origin, before routing", async () => {
  const app = appWith({ publicOrigin: ORIGIN });
  const res = await app.request("/v1/fail", {
    method: "OPTIONS",
    headers: {
      origin: ORIGIN,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type, idempotency-key",
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(res.headers.get("access-control-allow-methods"), "GET,HEAD,POST,PUT,PATCH,DELETE");
  assert.equal(
    res.headers.get("access-control-allow-headers"),
    "Authorization,Content-Type,If-Match,If-None-Match,Idempotency-Key,Kopek-Min-Position,X-Request-Id",
  );
  assert.equal(res.headers.get("access-control-max-age"), "600");
  assert.equal(res.headers.get("access-control-allow-credentials"), null);
  assertSecurityHeaders(res, "preflight");
});

Deno.test("hardening() gives a preflight from another origin no Access-Control-Allow-Origin", async () => {
  const app = appWith({ publicOrigin: ORIGIN });
  const res = await app.request("/v1/fail", {
    method: "OPTIONS",
    headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
  });
  assert.equal(res.headers.get("access-control-allow-origin"), null);
  assert.equal(res.headers.get("access-control-allow-credentials"), null);
  assertSecurityHeaders(res, "foreign preflight");
});

Deno.test("hardening() rejects a public origin that is not an http(s) URL", () => {
  for (const bad of ["kopek.example.com", "ftp://kopek.example.com", "data:text/plain,x"]) {
    assert.throws(() => hardening({ publicOrigin: bad }), TypeError, bad);
  }
});
