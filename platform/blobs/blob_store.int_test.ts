/**
 * The blob store contract against both adapters: PostgreSQL (a throwaway
 * database with the blobs migrations) and a real S3-compatible server
 * (`s3rver`, started here).
 */
import { migrate } from "../schema/migrate.ts";
import { migrationsOf } from "../schema/registry.ts";
import { createTestDatabase } from "../testing/database.ts";
import { inCi, s3rverMissing, startS3rver } from "../testing/s3rver.ts";
import { blobStoreContract } from "./blob_store_contract.ts";
import { createPostgresBlobStore } from "./postgres_blob_store.ts";
import { createS3BlobStore } from "./s3_blob_store.ts";

Deno.test("blob store contract: PostgreSQL", async (t) => {
  await using db = await createTestDatabase("kopek_blobs");
  await migrate(db.sql, migrationsOf("blobs"));
  await blobStoreContract(t, createPostgresBlobStore(db.sql));
});

const missing = s3rverMissing();
if (missing && !inCi) {
  // deno-lint-ignore no-console -- why the S3 contract below is ignored
  console.warn(`blob store contract: S3 ignored: ${missing}`);
}

Deno.test({
  name: "blob store contract: S3 (s3rver)",
  ignore: missing !== null && !inCi,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    if (missing) throw new Error(`CI must run the S3 contract: ${missing}`);
    await using s3 = await startS3rver();
    await blobStoreContract(
      t,
      createS3BlobStore({
        endpoint: s3.endpoint,
        region: "us-east-1",
        bucket: s3.bucket,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        forcePathStyle: true,
      }),
    );
  },
});
