import assert from "node:assert/strict";
import { join } from "node:path";
import { Hono } from "hono";
import { htmlPolicy, loadStaticSite } from "./static_site.ts";

const SCRIPT = "console.log('boot')";

async function site() {
  const dir = await Deno.makeTempDir({ prefix: "kopek-site-" });
  await Deno.mkdir(join(dir, "_app/immutable"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "index.html"),
    `<!doctype html><html><head><script>${SCRIPT}</script><script src="/_app/x.js"></script></head></html>`,
  );
  await Deno.writeTextFile(join(dir, "_app/immutable/app.js"), "export const x = 1;\n".repeat(100));
  await Deno.writeTextFile(
    join(dir, "service-worker.js"),
    "self.addEventListener('fetch', () => {});",
  );
  const loaded = await loadStaticSite(dir);
  assert.ok(loaded);
  const app = new Hono();
  app.get("/v1/ping", (c) => c.text("api"));
  loaded.mount(app);
  app.notFound((c) => c.text("none", 404));
  return { app, dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("the app shell is served with a CSP that allows its inline script by hash only", async () => {
  await using s = await site();
  const res = await s.app.request("/");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /text\/html/);
  assert.equal(res.headers.get("cache-control"), "no-cache");
  const csp = res.headers.get("content-security-policy")!;
  assert.equal(csp, await htmlPolicy(await res.text()));
  assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
});

Deno.test("client-side routes fall back to the shell; missing files and the API do not", async () => {
  await using s = await site();
  const deep = await s.app.request("/groups/0193/expenses");
  assert.equal(deep.status, 200);
  assert.match(await deep.text(), /<!doctype html>/);
  assert.equal((await s.app.request("/missing.png")).status, 404);
  assert.equal(await (await s.app.request("/v1/ping")).text(), "api");
  assert.equal((await s.app.request("/%E0%A4%A")).status, 404, "a malformed escape is no file");
});

Deno.test("hashed assets are immutable and gzipped; others revalidate with an ETag", async () => {
  await using s = await site();
  const js = await s.app.request("/_app/immutable/app.js", {
    headers: { "accept-encoding": "gzip, br" },
  });
  assert.equal(js.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal(js.headers.get("content-encoding"), "gzip");
  const raw = new Uint8Array(await js.arrayBuffer());
  const text = await new Response(
    new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip")),
  ).text();
  assert.equal(text, "export const x = 1;\n".repeat(100));
  const plain = await s.app.request("/_app/immutable/app.js");
  assert.equal(plain.headers.get("content-encoding"), null);
  const sw = await s.app.request("/service-worker.js");
  assert.equal(sw.headers.get("cache-control"), "no-cache");
  const again = await s.app.request("/service-worker.js", {
    headers: { "if-none-match": sw.headers.get("etag")! },
  });
  assert.equal(again.status, 304);
});

Deno.test("no build: no site", async () => {
  const dir = await Deno.makeTempDir();
  assert.equal(await loadStaticSite(dir), null);
  assert.equal(await loadStaticSite(join(dir, "nope")), null);
  await Deno.remove(dir);
});
