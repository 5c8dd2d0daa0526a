/**
 * What the all-in-one's second Hono layer costs a request (ADR 0072): the
 * outer app forwarding `/v1/*` to an inner app's `fetch` (as `http_app.ts`
 * does to the command API) against the inner app called alone. The
 * difference is the most that one app instead of two could save.
 *
 *     deno bench -A cli/bench/outer_app_bench.ts
 */
import { Hono } from "hono";

const inner = new Hono();
inner.use("*", async (_c, next) => await next());
inner.post("/v1/groups/:groupId/expenses", (c) => c.json({ id: c.req.param("groupId") }, 201));
const outer = new Hono();
outer.use("*", async (_c, next) => await next());
outer.all("/v1/*", (c) => inner.fetch(c.req.raw, c.env));

const URL_ = "http://kopek.test/v1/groups/0193b0b4-7c1e-7000-8000-000000000003/expenses";
const env = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } };

Deno.bench("inner app alone", { group: "layers", baseline: true }, async () => {
  const res = await inner.fetch(new Request(URL_, { method: "POST" }), env);
  await res.arrayBuffer();
});

Deno.bench("outer app forwarding to the inner app", { group: "layers" }, async () => {
  const res = await outer.fetch(new Request(URL_, { method: "POST" }), env);
  await res.arrayBuffer();
});
