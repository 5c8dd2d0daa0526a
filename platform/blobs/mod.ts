/**
 * The blob store port and its adapters (ADR 0055).
 *
 * @module
 */
export * from "./blob_store.ts";
export * from "./postgres_blob_store.ts";
export * from "./s3_blob_store.ts";
export * from "./from_config.ts";
export * from "./schema.ts";
