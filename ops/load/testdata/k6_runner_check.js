// Runs the k6 scripts' code (k6_runner.js and mixed.k6.js as they are) on the stand-ins of
// k6_stub/ against a simulated Kopek, and throws when the runner does not drive the scenarios as
// the contract asks. Run by ops/load/k6_test.ts: deno run --no-config --import-map=k6_stub/import_map.json.
import assert from "node:assert/strict";
import { calls, respond } from "k6/http";
import { checks, sleeps } from "k6";
import mixed, { options } from "../mixed.k6.js";

let position = 1;
let writes = 0;
const json = (status, body, headers = {}) => ({
  status,
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});
respond((method, url, body) => {
  const path = new URL(url).pathname;
  if (path === "/v1/auth/register") return json(201, { token: "first", user: {} });
  if (path === "/v1/auth/login") return json(200, { token: "tok", user: {} });
  if (method === "POST" && path === "/v1/groups") {
    return json(201, { id: body.id, memberId: "m1", version: 1, position: position++ });
  }
  if (method === "POST" && path.endsWith("/expenses")) {
    // The first write meets an outage: 503 with Retry-After, then the retry is acknowledged.
    if (writes++ === 0) return json(503, { code: "database_unavailable" }, { "Retry-After": "2" });
    return json(201, { id: body.id, version: 1, position: position++ });
  }
  const headers = { "Kopek-Position": String(position) };
  if (path.endsWith("/balances")) {
    return json(200, { members: [{ balance: { amount: "0.00" } }] }, headers);
  }
  if (path.endsWith("/expenses")) return json(200, { items: [], nextCursor: null }, headers);
  if (path.endsWith("/reports/monthly")) {
    return json(200, { months: [] }, { ...headers, "Kopek-Served-By": "replica" });
  }
  return json(404, { code: "not_found" });
});

assert.equal(options.scenarios.mixed.vus, 10);
assert.ok(options.thresholds["http_req_failed"]);
mixed();
mixed();

const requests = calls.map((c) =>
  `${c.method} ${new URL(c.url).pathname.replace(/[0-9a-f-]{36}/g, "{id}")}`
);
assert.deepEqual(requests.slice(0, 4), [
  "POST /v1/auth/register",
  "POST /v1/auth/login",
  "POST /v1/groups",
  "GET /v1/groups/{id}/balances",
]);
// One iteration: 2 writes (the first retried once), 6 reads; the second iteration has no retry.
assert.equal(calls.length, 4 + 9 + 8, requests.join("\n"));
assert.ok(calls.every((c) => c.url.startsWith("http://kopek.test/v1/")), "the trailing / dropped");
const [first, retry] = calls.filter((c) => c.method === "POST" && c.url.endsWith("/expenses"));
assert.equal(retry.body, first.body, "the retry sends the same id and body");
assert.deepEqual(sleeps, [2], "Retry-After honoured");
for (const c of calls) {
  assert.equal(typeof c.params.tags.name, "string");
  assert.equal(c.params.headers["content-type"] === "application/json", c.body !== null);
  if (!c.url.includes("/auth/")) assert.equal(c.params.headers.authorization, "Bearer tok");
}
const ryw = calls.find((c) => c.params.tags.name === "expenses (min position)");
assert.match(ryw.params.headers["kopek-min-position"], /^\d+$/);
assert.ok(checks.length > calls.length);
assert.deepEqual(checks.filter((c) => !c.ok), [], "every check holds");
assert.ok(checks.some((c) => c.name === "record expense: 503 carries Retry-After"));
assert.ok(checks.some((c) => c.name === "monthly report: Kopek-Served-By replica or primary"));
// deno-lint-ignore no-console
console.log(`k6 runner: ${calls.length} requests, ${checks.length} checks, all held`);
