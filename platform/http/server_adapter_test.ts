import assert from "node:assert/strict";
import { requestUrl, writtenWhole } from "./server_adapter.ts";

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

Deno.test("writtenWhole(): JSON and problem documents are written whole, everything else streams", () => {
  const typed = (type: string | null) =>
    new Response("x", type === null ? {} : { headers: { "content-type": type } });
  assert.equal(writtenWhole(typed("application/json")), true);
  assert.equal(writtenWhole(typed("application/json; charset=utf-8")), true);
  assert.equal(writtenWhole(typed("Application/Problem+JSON")), true);
  assert.equal(writtenWhole(typed("text/event-stream")), false);
  assert.equal(writtenWhole(typed("application/sql; charset=utf-8")), false);
  assert.equal(writtenWhole(typed("text/csv; charset=utf-8; header=present")), false);
  assert.equal(writtenWhole(typed("application/x-tar")), false);
  assert.equal(writtenWhole(new Response(new ReadableStream(), {})), false);
});
