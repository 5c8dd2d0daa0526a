/**
 * A command's body on its way to the handler (ADR 0072): streamed (a node
 * stream feeding a web stream, read back by the handler) against read whole
 * first and given as bytes (`small_body.ts`). Each iteration builds the
 * request, feeds a 300-byte JSON body in one chunk and reads it as the
 * handler does (`arrayBuffer`).
 *
 *     deno bench -A platform/http/request_body_bench.ts
 */
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { preRead, toRequest } from "./server_adapter.ts";

const BODY = new TextEncoder().encode(
  JSON.stringify({
    id: "0193b0b4-7c1e-7000-8000-000000000001",
    description: "Dinner at the harbour",
    amount: "84.20",
    currency: "EUR",
    paidBy: "0193b0b4-7c1e-7000-8000-000000000002",
    split: { kind: "equal" },
    occurredOn: "2026-12-06",
    category: "food",
  }).padEnd(300, " "),
);
const URL_ = new URL("http://kopek.test/v1/groups/0193b0b4-7c1e-7000-8000-000000000003/expenses");
const signal = new AbortController().signal;

function incoming(): IncomingMessage {
  const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
  Object.assign(req, {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(BODY.byteLength) },
    rawHeaders: ["Content-Type", "application/json", "Content-Length", String(BODY.byteLength)],
    complete: false,
  });
  return req;
}

Deno.bench(
  "streamed: node stream → web stream → arrayBuffer",
  { group: "body", baseline: true },
  async () => {
    const req = incoming();
    const request = toRequest(req, URL_, signal);
    (req as unknown as PassThrough).end(BODY);
    await request.arrayBuffer();
  },
);

Deno.bench("read whole first: bytes → Request → arrayBuffer", { group: "body" }, async () => {
  const req = incoming();
  const pending = preRead(req)!;
  (req as unknown as PassThrough).end(BODY);
  const request = toRequest(req, URL_, signal, await pending);
  await request.arrayBuffer();
});
