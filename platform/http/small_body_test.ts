import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { cutBody, readSmallBody, SMALL_BODY_MAX_BYTES, smallBodyLength } from "./small_body.ts";

Deno.test("smallBodyLength(): a declared length up to the bound is read whole; else it streams", () => {
  assert.equal(smallBodyLength({ "content-length": "0" }), 0);
  assert.equal(smallBodyLength({ "content-length": "312" }), 312);
  assert.equal(smallBodyLength({ "content-length": String(SMALL_BODY_MAX_BYTES) }), 65_536);
  assert.equal(smallBodyLength({ "content-length": String(SMALL_BODY_MAX_BYTES + 1) }), null);
  assert.equal(smallBodyLength({ "content-length": "4194304" }), null);
  // No length (chunked, or none given) streams, as does anything that is not a plain number.
  assert.equal(smallBodyLength({}), null);
  assert.equal(smallBodyLength({ "transfer-encoding": "chunked" }), null);
  assert.equal(smallBodyLength({ "content-length": "5", "transfer-encoding": "chunked" }), null);
  assert.equal(smallBodyLength({ "content-length": "-1" }), null);
  assert.equal(smallBodyLength({ "content-length": "1e3" }), null);
  assert.equal(smallBodyLength({ "content-length": " 5" }), null);
});

Deno.test("readSmallBody(): the chunks joined in order, to the end", async () => {
  const req = new PassThrough();
  const read = readSmallBody(req, 11);
  req.write(new TextEncoder().encode("hello "));
  req.write(new TextEncoder().encode("world"));
  req.end();
  const body = await read;
  assert.ok(body !== null);
  assert.equal(new TextDecoder().decode(body), "hello world");
  assert.equal(body.byteLength, 11);
});

Deno.test("readSmallBody(): an empty body is empty bytes, not a cut", async () => {
  const req = new PassThrough();
  const read = readSmallBody(req, 0);
  req.end();
  const body = await read;
  assert.ok(body !== null);
  assert.equal(body.byteLength, 0);
});

Deno.test("readSmallBody(): closed or failed before its end is a cut (null)", async () => {
  const closed = new PassThrough();
  const readClosed = readSmallBody(closed, 10);
  closed.write(new TextEncoder().encode("abc"));
  closed.destroy();
  assert.equal(await readClosed, null);

  const failed = new PassThrough();
  const readFailed = readSmallBody(failed, 10);
  failed.destroy(new Error("socket hang up"));
  assert.equal(await readFailed, null);
});

Deno.test("cutBody(): its read fails, as a streamed body cut off would", async () => {
  await assert.rejects(new Response(cutBody()).text(), /cut off/);
});
