/**
 * The families the "backups missing" and "disk filling" alerts read (ADR 0038), from `kopek start`
 * on its embedded PostgreSQL under the `start` task's permission flags: the server archives its WAL
 * (ADR 0032), so `kopek_db_wal_archive_enabled` is 1, and after `kopek backup` (which waits for its
 * WAL to be archived) the last archived segment's time is set; the data folder and `pg_wal` are
 * watched, each with its free bytes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { freePort } from "@kopek/platform/testing";
import { KopekClient, startTask, stopPg } from "@kopek/testing";

/** One sample's value in a /metrics text (NaN when absent). */
function value(text: string, sample: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line === undefined ? NaN : Number(line.slice(sample.length + 1));
}

async function scrape(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  assert.equal(res.status, 200);
  return await res.text();
}

Deno.test({
  name:
    "kopek start on its embedded PostgreSQL: WAL archiving and the archiver's last success, free bytes of data and pg_wal",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-backup-metrics-" });
    // The embedded server runs as the postgres user when we are root: it must reach the folder.
    await Deno.chmod(dataDir, 0o755);
    const pgdata = join(dataDir, "pg");
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = startTask("start", {
      KOPEK_DATA_DIR: dataDir,
      KOPEK_PORT: String(port),
      KOPEK_RATES_FETCH: "off",
      KOPEK_LOG_LEVEL: "warn",
    });
    try {
      await server.ready(base, 120_000);
      const { client } = await new KopekClient(base).register("ana@example.com", "Ana");
      assert.equal(
        (await client.post("/v1/groups", { name: "Flat", currency: "EUR" })).status,
        201,
      );

      let text = await scrape(base);
      assert.equal(value(text, "kopek_db_wal_archive_state_up"), 1, text);
      assert.equal(value(text, "kopek_db_wal_archive_enabled"), 1, text);
      for (const path of [pgdata, join(pgdata, "pg_wal")]) {
        const free = value(text, `kopek_storage_free_bytes{path="${path}"}`);
        assert.ok(free > 0, `${path}: ${free}\n${text}`);
      }
      assert.equal(value(text, "kopek_storage_min_free_bytes"), 256 * 1024 * 1024);

      // A base backup switches to a new segment and waits until the archive has it.
      const before = Date.now() / 1000;
      const backup = startTask("kopek", { KOPEK_DATA_DIR: dataDir, KOPEK_LOG_LEVEL: "warn" }, [
        "backup",
      ]);
      const status = await backup.finished();
      assert.equal(status.code, 0, backup.text);
      text = await scrape(base);
      const archived = value(text, "kopek_db_wal_archive_last_success_timestamp_seconds");
      // The server's clock is this machine's: the segment was archived during the backup.
      assert.ok(archived >= before - 1, `${archived} < ${before}\n${text}`);
      assert.equal(value(text, "kopek_db_wal_archive_last_failure_timestamp_seconds"), 0, text);

      const stopped = await server.stop();
      assert.equal(stopped.code, 0, server.text);
      assert.doesNotMatch(server.text, /NotCapable|Requires \w+ access/, server.text);
    } finally {
      server.kill();
      await server.finished();
      await stopPg(pgdata);
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
