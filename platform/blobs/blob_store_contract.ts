/**
 * The contract every blob store adapter passes (ADR 0055), run by
 * `blob_store.int_test.ts` against PostgreSQL and a real S3-compatible
 * server. Tests only.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { BlobStore } from "./blob_store.ts";

/** Deterministic bytes: `size` of them, different per seed. */
export function bytesOf(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761 >>> 0;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A stream of the bytes in chunks of `chunk` (like a network body). */
export function streamOf(bytes: Uint8Array, chunk = 65_536): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Registers the contract's steps on a test context for a store. */
export async function blobStoreContract(t: Deno.TestContext, store: BlobStore): Promise<void> {
  await t.step("a blob written as a stream reads back the same, in several chunks", async () => {
    // Over 5 MiB: several PostgreSQL chunks and two S3 multipart parts.
    const bytes = bytesOf(6 * 1024 * 1024 + 123);
    const info = await store.put("a/one", streamOf(bytes), "image/jpeg");
    assert.deepEqual(info, { size: bytes.length, contentType: "image/jpeg" });
    assert.deepEqual(await store.head("a/one"), { size: bytes.length, contentType: "image/jpeg" });
    const got = await store.get("a/one");
    assert.ok(got);
    assert.deepEqual(got.info, { size: bytes.length, contentType: "image/jpeg" });
    const back = await readAll(got.body);
    assert.deepEqual(back.length, bytes.length);
    assert.ok(back.every((b, i) => b === bytes[i]), "the bytes read back differ");
  });

  await t.step("an empty blob and a small one", async () => {
    await store.put("a/empty", streamOf(new Uint8Array(0)), "application/pdf");
    assert.deepEqual(await store.head("a/empty"), { size: 0, contentType: "application/pdf" });
    await store.put("a/small", streamOf(bytesOf(10, 2)), "image/png");
    const got = await store.get("a/small");
    assert.deepEqual(await readAll(got!.body), bytesOf(10, 2));
  });

  await t.step("a missing key is null, and deleting it is nothing", async () => {
    assert.deepEqual(await store.head("a/none"), null);
    assert.deepEqual(await store.get("a/none"), null);
    await store.delete("a/none");
  });

  await t.step("a write replaces the blob under the key", async () => {
    await store.put("a/two", streamOf(bytesOf(1000, 3)), "image/png");
    await store.put("a/two", streamOf(bytesOf(500, 4)), "image/webp");
    const got = await store.get("a/two");
    assert.deepEqual(got!.info, { size: 500, contentType: "image/webp" });
    assert.deepEqual(await readAll(got!.body), bytesOf(500, 4));
  });

  await t.step("a stream that fails midway stores nothing", async () => {
    let sent = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 3) return controller.error(new Error("client went away"));
        sent += 1;
        controller.enqueue(bytesOf(300_000, sent));
      },
    });
    await assert.rejects(() => store.put("a/broken", failing, "application/pdf"));
    assert.deepEqual(await store.head("a/broken"), null);
  });

  await t.step("a deleted blob is gone", async () => {
    await store.put("a/three", streamOf(bytesOf(2000, 5)), "image/jpeg");
    await store.delete("a/three");
    assert.deepEqual(await store.head("a/three"), null);
    assert.deepEqual(await store.get("a/three"), null);
  });

  await t.step("a signed URL serves the bytes without credentials, or there is none", async () => {
    const bytes = bytesOf(4321, 6);
    await store.put("a/signed", streamOf(bytes), "application/pdf");
    const url = await store.signedUrl("a/signed", {
      expiresInSeconds: 60,
      fileName: "reçu.pdf",
      disposition: "attachment",
    });
    if (store.kind === "postgres") {
      assert.deepEqual(url, null);
      return;
    }
    assert.ok(url);
    const res = await fetch(url);
    assert.deepEqual(res.status, 200);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes);
    assert.ok(res.headers.get("content-disposition")?.startsWith("attachment;"));
  });
}
