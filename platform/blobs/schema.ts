/**
 * The blob store's part of the database (`blobs`, `blob_chunks`; ADR 0055),
 * in the shape of ADR 0022's `SchemaPart`. Applied wherever attachments are
 * used, whichever store is configured (the tables stay empty with S3).
 *
 * @module
 */
import type { Sql } from "../db.ts";
import { migrate } from "../schema/migrate.ts";
import type { SchemaPart } from "../schema/prepare.ts";
import { migrationsOf } from "../schema/registry.ts";

/** Where the blob tables' migrations live (component `"blobs"`). */
export const blobsMigrations = migrationsOf("blobs");

/** The blob store's tables. */
export const blobsSchema: SchemaPart = Object.freeze({
  migrations: Object.freeze([blobsMigrations]),
  apply: (sql: Sql) => migrate(sql, blobsMigrations),
});
