/**
 * The PostgreSQL adapter of the blob store (ADR 0055): a blob is its chunks
 * of 256 KiB in `blob_chunks`, written in one transaction that ends with its
 * row in `blobs` (so a blob is there whole or not at all), and read one
 * chunk per pull. Kopek serves these files itself (`/v1/files/{token}`).
 *
 * @module
 */
import type { Sql } from "../db.ts";
import { type BlobInfo, type BlobStore, rechunk } from "./blob_store.ts";

/** The size of a stored chunk: the memory a write or a read holds per blob. */
export const CHUNK_BYTES = 256 * 1024;

/** The blob store over the database's `blobs` and `blob_chunks` (migrations: `platform/blobs/migrations`). */
export function createPostgresBlobStore(sql: Sql): BlobStore {
  async function head(key: string): Promise<BlobInfo | null> {
    const rows = await sql<{ size: string; content_type: string }[]>`
      SELECT size, content_type FROM blobs WHERE key = ${key}`;
    return rows.length === 0
      ? null
      : { size: Number(rows[0].size), contentType: rows[0].content_type };
  }

  return {
    kind: "postgres",
    async put(key, body, contentType) {
      return await sql.begin(async (tx) => {
        await tx`DELETE FROM blobs WHERE key = ${key}`;
        await tx`DELETE FROM blob_chunks WHERE key = ${key}`;
        let seq = 0;
        let size = 0;
        for await (const chunk of rechunk(body, CHUNK_BYTES)) {
          await tx`INSERT INTO blob_chunks (key, seq, data) VALUES (${key}, ${seq}, ${chunk})`;
          seq += 1;
          size += chunk.length;
        }
        await tx`INSERT INTO blobs (key, content_type, size) VALUES (${key}, ${contentType}, ${size})`;
        return { size, contentType };
      });
    },
    async get(key) {
      const info = await head(key);
      if (info === null) return null;
      let seq = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const rows = await sql<{ data: Uint8Array }[]>`
            SELECT data FROM blob_chunks WHERE key = ${key} AND seq = ${seq}`;
          if (rows.length === 0) {
            controller.close();
            return;
          }
          seq += 1;
          controller.enqueue(new Uint8Array(rows[0].data));
        },
      }, { highWaterMark: 0 });
      return { info, body };
    },
    head,
    async delete(key) {
      await sql.begin(async (tx) => {
        await tx`DELETE FROM blobs WHERE key = ${key}`;
        await tx`DELETE FROM blob_chunks WHERE key = ${key}`;
      });
    },
    signedUrl() {
      return Promise.resolve(null);
    },
  };
}
