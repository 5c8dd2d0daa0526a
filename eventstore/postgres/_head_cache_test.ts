import assert from "node:assert/strict";
import { HeadCache } from "./_head_cache.ts";

Deno.test("HeadCache.set() evicts the least recently used stream", () => {
  const cache = new HeadCache(2);
  cache.set("a", { version: 1, hash: "a1", at: null });
  cache.set("b", { version: 1, hash: "b1", at: null });
  cache.get("a");
  cache.set("c", { version: 1, hash: "c1", at: null });
  assert.equal(cache.size, 2);
  assert.equal(cache.get("b"), undefined);
  assert.deepEqual(cache.get("a"), { version: 1, hash: "a1", at: null });
  assert.deepEqual(cache.get("c"), { version: 1, hash: "c1", at: null });
});

Deno.test("HeadCache.advance() never moves a head backwards", () => {
  const cache = new HeadCache(10);
  cache.advance("s", { version: 3, hash: "h3", at: null });
  cache.advance("s", { version: 2, hash: "h2", at: null });
  assert.deepEqual(cache.get("s"), { version: 3, hash: "h3", at: null });
  cache.set("s", { version: 2, hash: "h2", at: null });
  assert.deepEqual(cache.get("s"), { version: 2, hash: "h2", at: null });
});

Deno.test("HeadCache() with capacity 0 caches nothing", () => {
  const cache = new HeadCache(0);
  cache.set("s", { version: 1, hash: "h", at: null });
  assert.equal(cache.get("s"), undefined);
});
