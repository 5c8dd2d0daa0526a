/**
 * The storage port of attachments' bytes (ADR 0055): blobs written and read
 * as streams under a key, never held whole in memory. Two adapters pass the
 * same contract (`blob_store_contract.ts`): PostgreSQL (chunked `bytea`
 * rows, the all-in-one default) and any S3-compatible store (AWS SDK v3).
 *
 * @module
 */

/** What is kept beside a blob's bytes. */
export interface BlobInfo {
  readonly size: number;
  readonly contentType: string;
}

/** How a signed URL serves a blob. */
export interface SignOptions {
  /** Seconds the URL works. */
  readonly expiresInSeconds: number;
  /** The file name the browser is given (`Content-Disposition`). */
  readonly fileName: string;
  /** `inline` (shown: images, PDFs) or `attachment` (downloaded). */
  readonly disposition: "inline" | "attachment";
}

/** A store of blobs by key. */
export interface BlobStore {
  /** Which adapter: `postgres` serves its files through Kopek, `s3` through presigned URLs. */
  readonly kind: "postgres" | "s3";
  /**
   * Writes the stream under `key`, replacing what was there; resolves with
   * the bytes written once they are all durably stored (a failed or
   * cancelled stream stores nothing under the key).
   */
  put(key: string, body: ReadableStream<Uint8Array>, contentType: string): Promise<BlobInfo>;
  /** The blob's bytes as a stream, read as the consumer pulls; null when there is none. */
  get(key: string): Promise<{ info: BlobInfo; body: ReadableStream<Uint8Array> } | null>;
  /** The blob's size and type; null when there is none. */
  head(key: string): Promise<BlobInfo | null>;
  /** Removes the blob (nothing when there is none). */
  delete(key: string): Promise<void>;
  /**
   * A URL that serves the blob without Kopek's bearer token (S3: presigned);
   * null when the store has none and Kopek serves the file itself.
   */
  signedUrl(key: string, options: SignOptions): Promise<string | null>;
}

/** A content disposition header value with the name in RFC 5987 form. */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A stream of `Uint8Array` chunks re-cut into chunks of exactly `size` bytes (the last shorter). */
export async function* rechunk(
  body: ReadableStream<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of body) {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(size - filled, chunk.length - offset);
      buffer.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}
