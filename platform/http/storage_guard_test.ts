import assert from "node:assert/strict";
import { Hono } from "hono";
import { errorHandler } from "./errors.ts";
import { storageGuard } from "./storage_guard.ts";
import type { StorageState } from "../storage_watcher.ts";

function appWith(state: { current: StorageState }) {
  const app = new Hono();
  app.onError(errorHandler());
  app.use("*", storageGuard({ state: () => state.current }));
  app.get("/v1/groups", (c) => c.json({ ok: true }));
  app.post("/v1/groups", (c) => c.json({ ok: true }, 201));
  app.delete("/v1/groups/g", (c) => c.body(null, 204));
  return app;
}

Deno.test("storageGuard: writes answer 503 storage_full with Retry-After while full; reads pass", async () => {
  const state = { current: { full: true, lowest: { path: "/data", freeBytes: 1 } } };
  const app = appWith(state);
  for (const method of ["POST", "DELETE"]) {
    const path = method === "POST" ? "/v1/groups" : "/v1/groups/g";
    const res = await app.request(path, { method });
    assert.equal(res.status, 503, method);
    assert.equal(res.headers.get("retry-after"), "30");
    assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
    const body = await res.json();
    assert.equal(body.code, "storage_full");
    assert.equal(body.type, "https://kopek.dev/problems/storage_full");
  }
  assert.equal((await app.request("/v1/groups")).status, 200);
});

Deno.test("storageGuard: writes pass again once the volume has room", async () => {
  const state = { current: { full: true, lowest: null } as StorageState };
  const app = appWith(state);
  assert.equal((await app.request("/v1/groups", { method: "POST" })).status, 503);
  state.current = { full: false, lowest: null };
  assert.equal((await app.request("/v1/groups", { method: "POST" })).status, 201);
});
