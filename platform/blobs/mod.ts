/**
 * The blob store port and its adapters (ADR 0055).
 *
 * @module
 */
export * from "./blob_store.ts";
export * from "./postgres_blob_store.ts";
// The S3 adapter is loaded only when configured (from_config.ts): the AWS SDK reads
// `AWS_*` variables as it loads, which the services' narrow permissions refuse otherwise.
export type { S3Settings } from "./s3_blob_store.ts";
export * from "./from_config.ts";
export * from "./schema.ts";
