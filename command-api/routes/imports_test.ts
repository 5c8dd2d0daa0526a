import assert from "node:assert/strict";
import {
  IMPORT_POLICY,
  type ImportQueue,
  ImportQuotaError,
  ImportTooLargeError,
  ImportUploadExpiredError,
} from "@kopek/imports";
import { createTokenIssuer } from "@kopek/platform";
import { createMemoryCommandApi, type TestUser } from "../_memory_testing.ts";

const DUMP = "-- kopek export\nSELECT 1;\n";
const tokens = createTokenIssuer({ secret: "command-api-test-secret-0123456789abcdef" });

/** What the fake queue received. */
interface Received {
  ownerId: string;
  via: string | null | undefined;
  text: string;
}

/**
 * A queue in memory: it reads the body as the real one does, and throws
 * `fail` instead of queueing when given.
 */
function fakeQueue(maxBytes = 1024, fail?: () => Error) {
  const received: Received[] = [];
  const calls = { enqueue: 0 };
  const queue: ImportQueue = {
    policy: { ...IMPORT_POLICY, maxBytes },
    async enqueue(input) {
      calls.enqueue++;
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of input.body) {
        size += chunk.length;
        if (size > maxBytes) throw new ImportTooLargeError(maxBytes);
        chunks.push(chunk);
      }
      if (fail) throw fail();
      const text = new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
      received.push({ ownerId: input.ownerId, via: input.via, text });
      return { id: crypto.randomUUID(), size };
    },
  };
  return { queue, received, calls };
}

function upload(
  api: ReturnType<typeof createMemoryCommandApi>,
  token: string | null,
  body: BodyInit,
  headers: Record<string, string> = { "content-type": "application/sql" },
) {
  return api.app.request("/v1/imports", {
    method: "POST",
    headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
    body,
  });
}

async function problemOf(res: Response) {
  const body = await res.json();
  assert.equal(typeof body.title, "string");
  return { status: res.status, code: body.code, retryAfter: res.headers.get("retry-after") };
}

Deno.test("POST /v1/imports queues the dump as it arrives: 202 with the job's id and Location", async () => {
  const { queue, received } = fakeQueue();
  const api = createMemoryCommandApi({ imports: queue, tokens });
  const ana: TestUser = await api.user("Ana");
  const res = await upload(api, ana.token, DUMP, {
    "content-type": "Application/SQL; charset=utf-8",
  });
  assert.equal(res.status, 202);
  const body = await res.json();
  assert.equal(body.status, "queued");
  assert.equal(res.headers.get("location"), `/v1/imports/${body.id}`);
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.deepEqual(received, [{ ownerId: ana.id, via: null, text: DUMP }]);
  // Acting for the user, the bot is named as such.
  const { token } = await tokens.issue(ana.id, { via: "telegram-bot" });
  assert.equal((await upload(api, token, DUMP)).status, 202);
  assert.equal(received[1].via, "telegram-bot");
});

Deno.test("POST /v1/imports refuses another media type (415), a missing token (401) and a server without a queue (503)", async () => {
  const { queue, received } = fakeQueue();
  const api = createMemoryCommandApi({ imports: queue });
  const ana = await api.user("Ana");
  for (const type of ["application/json", "text/plain", ""]) {
    const res = await upload(api, ana.token, DUMP, type ? { "content-type": type } : {});
    assert.deepEqual(await problemOf(res), {
      status: 415,
      code: "unsupported_media_type",
      retryAfter: null,
    });
  }
  assert.equal((await problemOf(await upload(api, null, DUMP))).status, 401);
  const none = createMemoryCommandApi();
  const bo = await none.user("Bo");
  assert.deepEqual(await problemOf(await upload(none, bo.token, DUMP)), {
    status: 503,
    code: "unavailable",
    retryAfter: null,
  });
  assert.equal(received.length, 0);
});

Deno.test("POST /v1/imports past the size limit is 413 too_large, declared or streamed", async () => {
  const { queue, received, calls } = fakeQueue(16);
  const api = createMemoryCommandApi({ imports: queue });
  const ana = await api.user("Ana");
  const declared = await upload(api, ana.token, "x".repeat(17), {
    "content-type": "application/sql",
    "content-length": "17",
  });
  assert.equal((await problemOf(declared)).code, "too_large");
  assert.equal(declared.status, 413);
  // A declared length over the limit is refused before anything is stored.
  assert.equal(calls.enqueue, 0);
  // No length declared: the queue finds out as the body streams in.
  const streamed = await upload(
    api,
    ana.token,
    ReadableStream.from([
      new TextEncoder().encode("x".repeat(10)),
      new TextEncoder().encode("y".repeat(10)),
    ]),
  );
  assert.deepEqual(await problemOf(streamed), { status: 413, code: "too_large", retryAfter: null });
  assert.equal(calls.enqueue, 1);
  assert.equal(received.length, 0);
});

Deno.test("POST /v1/imports answers the queue's refusals: 429 too_many_imports with Retry-After, 408 upload_timeout", async () => {
  const cases: [() => Error, { status: number; code: string; retryAfter: string | null }][] = [
    [() => new ImportQuotaError(3), { status: 429, code: "too_many_imports", retryAfter: "10" }],
    [() => new ImportUploadExpiredError(), {
      status: 408,
      code: "upload_timeout",
      retryAfter: null,
    }],
  ];
  for (const [fail, expected] of cases) {
    const api = createMemoryCommandApi({ imports: fakeQueue(1024, fail).queue });
    const ana = await api.user("Ana");
    assert.deepEqual(await problemOf(await upload(api, ana.token, DUMP)), expected);
  }
});

Deno.test("POST /v1/imports takes a dump larger than the JSON body limit", async () => {
  const { queue, received } = fakeQueue(4096);
  const api = createMemoryCommandApi({ imports: queue, maxBodyBytes: 300 });
  const ana = await api.user("Ana");
  const dump = "-- ".padEnd(2000, "x");
  const res = await upload(api, ana.token, dump);
  assert.equal(res.status, 202, await res.clone().text());
  assert.equal(received[0].text, dump);
  // The same size as JSON is over the limit.
  const json = await ana.send("PATCH", "/v1/me", { displayName: dump });
  assert.equal(json.status, 413, json.text);
});
