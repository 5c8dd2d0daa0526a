import assert from "node:assert/strict";
import { requestUrl } from "./server_adapter.ts";

Deno.test("requestUrl: origin-form against Host, absolute-form as it is, anything else none", () => {
  assert.equal(
    requestUrl("/v1/me?x=1", "kopek.example:8080")?.href,
    "http://kopek.example:8080/v1/me?x=1",
  );
  assert.equal(requestUrl("/healthz", undefined)?.href, "http://localhost/healthz");
  assert.equal(
    requestUrl("http://kopek.example/v1/me", "other")?.href,
    "http://kopek.example/v1/me",
  );
  assert.equal(requestUrl("*", "kopek.example"), null);
  assert.equal(requestUrl("kopek.example:443", "kopek.example"), null);
  assert.equal(requestUrl("/v1/me", "bad host name"), null);
});
