/**
 * The S3 adapter of the blob store (ADR 0055), over the official AWS SDK v3:
 * writes are streamed multipart uploads (`@aws-sdk/lib-storage`'s `Upload`,
 * 5 MiB parts, one in flight), reads stream the object's body, and signed
 * URLs are presigned `GetObject` URLs (`@aws-sdk/s3-request-presigner`).
 * Works with any S3-compatible store (MinIO, Garage, s3rver in tests).
 *
 * @module
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { type BlobStore, contentDisposition } from "./blob_store.ts";

/** Where the store is and how to sign in. */
export interface S3Settings {
  readonly endpoint: string | null;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string | null;
  readonly secretAccessKey: string | null;
  /** Path-style URLs (`endpoint/bucket/key`): MinIO and s3rver need them. */
  readonly forcePathStyle: boolean;
}

/** The S3 client of these settings. */
export function s3Client(s: S3Settings): S3Client {
  return new S3Client({
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    forcePathStyle: s.forcePathStyle,
    ...(s.accessKeyId && s.secretAccessKey
      ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } }
      : {}),
  });
}

function missing(error: unknown): boolean {
  return error instanceof NoSuchKey || error instanceof NotFound ||
    (error as { name?: string })?.name === "NotFound" ||
    (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;
}

/** The blob store in the settings' bucket (which must exist). */
export function createS3BlobStore(settings: S3Settings, client = s3Client(settings)): BlobStore {
  const Bucket = settings.bucket;
  return {
    kind: "s3",
    async put(key, body, contentType) {
      let size = 0;
      const counted = body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            size += chunk.length;
            controller.enqueue(chunk);
          },
        }),
      );
      const upload = new Upload({
        client,
        params: {
          Bucket,
          Key: key,
          ContentType: contentType,
          Body: Readable.fromWeb(counted as unknown as NodeWebStream<Uint8Array>),
        },
        partSize: 5 * 1024 * 1024,
        queueSize: 1,
        leavePartsOnError: false,
      });
      await upload.done();
      return { size, contentType };
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!out.Body) return null;
        return {
          info: {
            size: Number(out.ContentLength ?? 0),
            contentType: out.ContentType ?? "application/octet-stream",
          },
          body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        };
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async head(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return {
          size: Number(out.ContentLength ?? 0),
          contentType: out.ContentType ?? "application/octet-stream",
        };
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async signedUrl(key, options) {
      return await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket,
          Key: key,
          ResponseContentDisposition: contentDisposition(options.disposition, options.fileName),
          ResponseCacheControl: `private, max-age=${options.expiresInSeconds}`,
        }),
        { expiresIn: options.expiresInSeconds },
      );
    },
  };
}
