import assert from "node:assert/strict";
import type { Sql } from "../db.ts";
import { blobStoreOf } from "./from_config.ts";

const S3 = {
  KOPEK_ATTACHMENTS_STORE: "s3",
  KOPEK_S3_ENDPOINT: "http://127.0.0.1:9",
  KOPEK_S3_REGION: "us-east-1",
  KOPEK_S3_BUCKET: "kopek",
  KOPEK_S3_ACCESS_KEY_ID: "key",
  KOPEK_S3_SECRET_ACCESS_KEY: "secret",
  KOPEK_S3_FORCE_PATH_STYLE: "on",
} as const;
// The S3 store never touches the database.
const sql = null as unknown as Sql;
const sign = { expiresInSeconds: 300, fileName: "receipt.jpg", disposition: "inline" } as const;

Deno.test("the S3 store's files are served by Kopek unless presigned URLs are turned on", async () => {
  const served = blobStoreOf({ ...S3, KOPEK_S3_PRESIGNED_URLS: "off" }, sql);
  assert.equal(served.kind, "s3");
  assert.equal(await served.signedUrl("g/a", sign), null);
  // The default is to serve them.
  assert.equal(await blobStoreOf(S3, sql).signedUrl("g/a", sign), null);

  const presigned = blobStoreOf({ ...S3, KOPEK_S3_PRESIGNED_URLS: "on" }, sql);
  const url = await presigned.signedUrl("g/a", sign);
  assert.ok(url?.startsWith("http://127.0.0.1:9/kopek/g/a?"), url ?? "null");
  assert.match(url!, /X-Amz-Signature=/);
});
