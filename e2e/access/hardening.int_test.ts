/**
 * The edge of the all-in-one process: security headers on every answer,
 * CORS only for the configured PWA origin, 413 for a body over the limit,
 * 415 for a body that is not JSON.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const ORIGIN = "https://kopek.example.org";

Deno.test("security headers, CORS for the PWA origin only, 413 and 415", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_PUBLIC_ORIGIN: ORIGIN });
  try {
    const api = new KopekClient(running.url);
    const { client } = await api.register("ana@example.com", "Ana");
    for (
      const [method, path, c] of [
        ["GET", "/v1/me", client],
        ["GET", "/v1/me", api],
        ["GET", "/healthz", api],
        ["POST", "/v1/groups", client],
        ["GET", "/v1/nothing-here", client],
      ] as const
    ) {
      const a = await c.request(method, path, method === "POST" ? { name: "x" } : undefined);
      const h = a.headers;
      const what = `${method} ${path} (${a.status})`;
      assert.equal(h.get("x-content-type-options"), "nosniff", what);
      assert.equal(h.get("x-frame-options"), "DENY", what);
      assert.equal(h.get("referrer-policy"), "no-referrer", what);
      assert.match(h.get("content-security-policy") ?? "", /default-src 'none'/, what);
      assert.match(h.get("strict-transport-security") ?? "", /max-age=\d+/, what);
      assert.equal(h.get("x-powered-by"), null, what);
    }

    const preflight = (origin: string) =>
      fetch(`${running.url}/v1/groups`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type, idempotency-key",
        },
      });
    const ok = await preflight(ORIGIN);
    await ok.body?.cancel();
    assert.equal(ok.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(ok.headers.get("access-control-allow-headers") ?? "", /idempotency-key/i);
    const evil = await preflight("https://evil.example.com");
    await evil.body?.cancel();
    assert.equal(evil.headers.get("access-control-allow-origin"), null);
    const read = await client.get("/v1/me", { origin: ORIGIN });
    assert.equal(read.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(read.headers.get("access-control-expose-headers") ?? "", /kopek-position/i);
    const foreign = await client.get("/v1/me", { origin: "https://evil.example.com" });
    assert.equal(foreign.headers.get("access-control-allow-origin"), null);

    const big = await client.post("/v1/groups", JSON.stringify({ name: "x".repeat(1_100_000) }));
    assert.equal(big.status, 413);
    assert.equal(big.body.code, "too_large");
    const text = await client.post("/v1/groups", "name=x", { "content-type": "text/plain" });
    assert.equal(text.status, 415);
    const form = await api.post("/v1/auth/login", "email=a&password=b", {
      "content-type": "application/x-www-form-urlencoded",
    });
    assert.equal(form.status, 415, "no form posts: a cross-site form cannot sign anyone in");
  } finally {
    await running.stop();
  }
});
