/**
 * The blob store the configuration names (`KOPEK_ATTACHMENTS_STORE`, ADR 0055).
 *
 * @module
 */
import type { Sql } from "../db.ts";
import type { BlobStore } from "./blob_store.ts";
import { createPostgresBlobStore } from "./postgres_blob_store.ts";
import { createS3BlobStore } from "./s3_blob_store.ts";

/** The variables the store is chosen and reached by. */
export interface BlobStoreConfig {
  readonly KOPEK_ATTACHMENTS_STORE: "postgres" | "s3";
  readonly KOPEK_S3_ENDPOINT?: string;
  readonly KOPEK_S3_REGION: string;
  readonly KOPEK_S3_BUCKET?: string;
  readonly KOPEK_S3_ACCESS_KEY_ID?: string;
  readonly KOPEK_S3_SECRET_ACCESS_KEY?: string;
  readonly KOPEK_S3_FORCE_PATH_STYLE: "on" | "off";
}

/** The configured store; S3 without a bucket is a configuration error. */
export function blobStoreOf(config: Partial<BlobStoreConfig>, sql: Sql): BlobStore {
  if ((config.KOPEK_ATTACHMENTS_STORE ?? "postgres") === "postgres") {
    return createPostgresBlobStore(sql);
  }
  if (!config.KOPEK_S3_BUCKET) {
    throw new Error("KOPEK_ATTACHMENTS_STORE=s3 needs KOPEK_S3_BUCKET");
  }
  return createS3BlobStore({
    endpoint: config.KOPEK_S3_ENDPOINT ?? null,
    region: config.KOPEK_S3_REGION ?? "us-east-1",
    bucket: config.KOPEK_S3_BUCKET,
    accessKeyId: config.KOPEK_S3_ACCESS_KEY_ID ?? null,
    secretAccessKey: config.KOPEK_S3_SECRET_ACCESS_KEY ?? null,
    forcePathStyle: config.KOPEK_S3_FORCE_PATH_STYLE === "on",
  });
}
