/**
 * A real S3-compatible server for tests: `s3rver` (npm, installed by
 * `deno task install` from deno.json's imports) run with Node on a free
 * port, in a temporary directory, with one bucket. Where Node or s3rver is
 * missing the S3 tests are ignored, saying so, except in CI (`CI` or
 * `KOPEK_CI`), where that fails.
 *
 * @module
 */
import { waitForPort } from "./wait_for_port.ts";

/** s3rver's entry point, relative to the repository's root. */
const ENTRY = new URL("../../node_modules/s3rver/bin/s3rver.js", import.meta.url);

/** Whether CI runs this: a missing tool fails instead of being ignored. */
export const inCi = Boolean(Deno.env.get("CI") || Deno.env.get("KOPEK_CI"));

/** Why the S3 tests cannot run here (null: they can). */
export function s3rverMissing(): string | null {
  try {
    Deno.statSync(ENTRY);
  } catch {
    return "node_modules/s3rver is not installed (deno task install)";
  }
  try {
    new Deno.Command("node", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync();
  } catch {
    return "node is not installed";
  }
  return null;
}

/** A running s3rver: its endpoint, bucket and credentials (s3rver's fixed ones). */
export interface S3rver extends AsyncDisposable {
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Starts s3rver with the bucket `bucket`; dispose it to stop it and remove its files. */
export async function startS3rver(bucket = "kopek-test"): Promise<S3rver> {
  const dir = await Deno.makeTempDir({ prefix: "kopek-s3rver-" });
  const port = freePort();
  const child = new Deno.Command("node", {
    args: [
      ENTRY.pathname,
      "-d",
      dir,
      "-a",
      "127.0.0.1",
      "-p",
      String(port),
      "--silent",
      "--configure-bucket",
      bucket,
    ],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  if (!(await waitForPort(port, 30_000))) {
    child.kill();
    await child.status;
    throw new Error(`s3rver did not listen on ${port}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGTERM");
      } catch { /* gone already */ }
      await child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
