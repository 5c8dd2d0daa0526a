import assert from "node:assert/strict";
import { assertInContract, codeListed, onRoute } from "./contract.ts";

Deno.test("onRoute() matches a path to its route template, query aside", () => {
  assert.ok(onRoute("/v1/groups/{g}", "/v1/groups/abc?x=1"));
  assert.ok(!onRoute("/v1/groups/{g}", "/v1/groups/abc/def"));
  assert.ok(onRoute("/v1/openapi.json", "/v1/openapi.json"));
  assert.ok(!onRoute("/v1/openapi.json", "/v1/openapiXjson"));
  assert.ok(!onRoute("/v1/auth/logout", "//v1/auth/logout"));
});

Deno.test("codeListed() reads a code ending in .* as its family", () => {
  assert.ok(codeListed("money.unknown_currency", ["money.*"]));
  assert.ok(codeListed("validation", ["validation"]));
  assert.ok(!codeListed("moneyx", ["money.*"]));
  assert.ok(!codeListed("split.sum", ["money.*"]));
});

Deno.test("assertInContract() fails on a status or code the route's row lacks", () => {
  assertInContract("POST /v1/groups", "/v1/groups", 201, undefined, "a create");
  assertInContract("POST /v1/groups", "/v1/groups", 422, "validation", "a bad body");
  assert.throws(() => assertInContract("POST /v1/groups", "/v1/groups", 418, "teapot", "x"));
  assert.throws(() =>
    assertInContract("POST /v1/groups", "/v1/groups", 409, "comment.exists", "x")
  );
  assert.throws(() => assertInContract("GET /v1/nowhere", "/v1/nowhere", 200, undefined, "x"));
  // A garbled path is no route's: not checked.
  assertInContract("POST /v1/groups", "/v1/groups/x/y", 418, "teapot", "x");
});
