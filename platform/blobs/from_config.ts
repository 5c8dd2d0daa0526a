/**
 * The blob store the configuration names (`KOPEK_ATTACHMENTS_STORE`, ADR 0055).
 *
 * @module
 */
import type { Sql } from "../db.ts";
import type { BlobStore } from "./blob_store.ts";
import { createPostgresBlobStore } from "./postgres_blob_store.ts";
import type { S3Settings } from "./s3_blob_store.ts";

/** The variables the store is chosen and reached by. */
export interface BlobStoreConfig {
  readonly KOPEK_ATTACHMENTS_STORE: "postgres" | "s3";
  readonly KOPEK_S3_ENDPOINT?: string;
  readonly KOPEK_S3_REGION: string;
  readonly KOPEK_S3_BUCKET?: string;
  readonly KOPEK_S3_ACCESS_KEY_ID?: string;
  readonly KOPEK_S3_SECRET_ACCESS_KEY?: string;
  readonly KOPEK_S3_FORCE_PATH_STYLE: "on" | "off";
  readonly KOPEK_S3_PRESIGNED_URLS: "on" | "off";
}

/** The configured store; S3 without a bucket is a configuration error. */
export function blobStoreOf(config: Partial<BlobStoreConfig>, sql: Sql): BlobStore {
  if ((config.KOPEK_ATTACHMENTS_STORE ?? "postgres") === "postgres") {
    return createPostgresBlobStore(sql);
  }
  if (!config.KOPEK_S3_BUCKET) {
    throw new Error("KOPEK_ATTACHMENTS_STORE=s3 needs KOPEK_S3_BUCKET");
  }
  const store = lazyS3BlobStore({
    endpoint: config.KOPEK_S3_ENDPOINT ?? null,
    region: config.KOPEK_S3_REGION ?? "us-east-1",
    bucket: config.KOPEK_S3_BUCKET,
    accessKeyId: config.KOPEK_S3_ACCESS_KEY_ID ?? null,
    secretAccessKey: config.KOPEK_S3_SECRET_ACCESS_KEY ?? null,
    forcePathStyle: config.KOPEK_S3_FORCE_PATH_STYLE === "on",
  });
  // Without presigned URLs, Kopek serves the store's files itself (`/v1/files/{token}`): one
  // origin for the PWA's CSP, and the store may stay internal (ADR 0055).
  return config.KOPEK_S3_PRESIGNED_URLS === "on"
    ? store
    : { ...store, signedUrl: () => Promise.resolve(null) };
}

/**
 * The S3 store, its module (and the AWS SDK) imported at its first use: a
 * process with the PostgreSQL store never loads the SDK.
 */
function lazyS3BlobStore(settings: S3Settings): BlobStore {
  let store: Promise<BlobStore> | null = null;
  const get = () =>
    store ??= import("./s3_blob_store.ts").then((m) => m.createS3BlobStore(settings));
  return {
    kind: "s3",
    put: async (key, body, type) => (await get()).put(key, body, type),
    get: async (key) => (await get()).get(key),
    head: async (key) => (await get()).head(key),
    delete: async (key) => (await get()).delete(key),
    signedUrl: async (key, options) => (await get()).signedUrl(key, options),
  };
}
